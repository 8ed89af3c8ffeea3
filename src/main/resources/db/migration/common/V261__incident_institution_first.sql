-- Screening a new incident asks when its institution's first incident was opened (institution.InstitutionHolds):
-- without this, that was a scan of all the institution's incidents for each new one.
create index ix_incident_institution_first on incident (institution, opened_at);
