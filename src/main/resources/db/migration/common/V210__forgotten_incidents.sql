-- Erasure and retention (privacy.Erasure, privacy.Retention): an incident whose person was erased, or
-- that has been closed longer than relink.retention.closed-incidents, is forgotten: it keeps its state,
-- reason, institution and times (the counts), loses its external id and its link id (Belvo's id for
-- the person's link), and forgotten_at says when. Retention looks for closed incidents not forgotten yet.
alter table incident alter column link_id drop not null;
alter table incident add column forgotten_at timestamp with time zone;
create index ix_incident_forgotten_closed on incident (forgotten_at, closed_at);
-- The retention purge finds old processed webhooks by when they arrived.
create index ix_webhook_inbox_received on webhook_inbox (received_at);
