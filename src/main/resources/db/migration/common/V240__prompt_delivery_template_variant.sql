-- The template variant a prompt was rendered from ('default': the templates beside the reason's folder;
-- an experiment's arm may name another), so the repair report can compare variants.
alter table prompt_delivery add column template_variant varchar(64) not null default 'default';
