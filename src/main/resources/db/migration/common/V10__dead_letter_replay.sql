-- Dead letters keep the Java type of the body they store as JSON text, so that a replay hands the
-- route the same kind of object it failed on (a Link, a Signal), not a string.
alter table dead_letter add column body_type varchar(512);
-- Pending counts by route for health and metrics.
create index ix_dead_letter_status_route on dead_letter (status, route_id);
