-- The repair report reads the incidents opened within a period (report.Journeys).
create index ix_incident_opened on incident (opened_at);
