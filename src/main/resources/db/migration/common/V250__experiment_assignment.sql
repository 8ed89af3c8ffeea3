-- Experiments (experiments.yaml, dev.relink.experiment). The template variant each prompt was rendered
-- with is prompt_delivery.template_variant (V240).

-- The arm an incident was assigned to in an experiment, once, when its ladder first plans a step. The
-- arm itself follows from a hash of (experiment, external id), so every replica computes the same one;
-- the row is what the report counts (the outcome is the incident's own state and closed_at).
create table experiment_assignment (
    experiment_id  varchar(64)  not null,
    incident_id    varchar(36)  not null references incident (id),
    arm            varchar(64)  not null,
    assigned_at    timestamp with time zone not null,
    constraint pk_experiment_assignment primary key (experiment_id, incident_id)
);
create index ix_experiment_assignment_incident on experiment_assignment (incident_id);
