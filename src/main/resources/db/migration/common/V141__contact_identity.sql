-- Brazil Open Finance: the CPF and full name My Belvo Portal tokens need (Belvo's webhooks do not
-- carry them). Sensitive: the API shows the CPF masked; deleted with its contact, or on its own.
create table contact_identity (
    external_id  varchar(256) primary key references contact (external_id) on delete cascade,
    cpf          varchar(11)  not null,
    full_name    varchar(256) not null,
    updated_at   timestamp with time zone not null
);
