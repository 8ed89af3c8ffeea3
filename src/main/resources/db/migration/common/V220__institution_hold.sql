-- Holds: an institution whose broken links look like the bank's failure, not its users' (a spike of
-- new broken links against its own baseline, or Belvo reporting it down). open_institution equals
-- institution while the hold lasts and is NULL once it ended, so the unique constraint allows one
-- hold per institution at a time, whichever replica saw it first (as incident.open_link_id does).
create table institution_hold (
    id                varchar(36)  primary key,
    institution       varchar(128) not null,
    open_institution  varchar(128),
    held_at           timestamp with time zone not null,
    cause             varchar(16)  not null,
    spike_reason      varchar(32),
    spike_links       integer,
    spike_baseline    double precision,
    belvo_status      varchar(16),
    belvo_read_at     timestamp with time zone,
    ended_at          timestamp with time zone,
    ended_how         varchar(32),
    constraint uk_institution_hold_open unique (open_institution)
);
create index ix_institution_hold_institution on institution_hold (institution, held_at);

-- What Belvo last said about the institutions it reports down (GET /api/institutions/?status=down,
-- read with each poll): an institution not listed is healthy.
create table institution_status (
    name      varchar(128) primary key,
    status    varchar(16)  not null,
    read_at   timestamp with time zone not null
);

-- The spike's counts: new incidents of one institution and reason within a window.
create index ix_incident_institution_opened on incident (institution, reason, opened_at);

-- An event about an institution (institution.held, institution.released) is about no single incident.
alter table app_event alter column incident_id drop not null;
