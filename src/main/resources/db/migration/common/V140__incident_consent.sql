-- Brazil Open Finance (OFDA): the consent an incident with reason consent_expiring / consent_expired
-- is about, as Belvo's CONSENT webhook named it. due_at is consent_due_date (only the
-- about-to-expire webhook carries it); the institution's display name and logo are shown to the user.
-- portal_opened_at: when the renewal page last sent the user to My Belvo Portal (the consent is then read back).
create table incident_consent (
    incident_id        varchar(36)   primary key references incident (id),
    consent_id         varchar(64)   not null,
    due_at             timestamp with time zone,
    institution        varchar(128),
    display_name       varchar(256),
    icon_logo          varchar(2000),
    portal_opened_at   timestamp with time zone,
    updated_at         timestamp with time zone not null
);
create index ix_incident_consent_consent on incident_consent (consent_id);
