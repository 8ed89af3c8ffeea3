-- An open incident's re-check waits in one replica's memory to be read with others (detect.queue-recheck).
-- recheck_due_at is its copy in the database, written in the transaction that opens the incident: when
-- the incident is still open past it, the replica that held the re-check died, and any replica's sweeper
-- (routes/detect-stranded.yaml) queues it again, moving the time on by a lease (incident.RecheckDue).
alter table incident add column recheck_due_at timestamp with time zone;
create index ix_incident_state_recheck on incident (state, recheck_due_at);
-- Incidents open before this column existed are due at once: their re-check may have been lost already.
update incident set recheck_due_at = updated_at where state = 'open';
