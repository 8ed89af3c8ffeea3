-- Widget and portal tokens minted for an incident's repair page within the current window
-- (relink.repair.max-token-mints per relink.repair.token-mint-window), counted here so every replica agrees.
alter table incident add column token_mints integer default 0 not null;
alter table incident add column token_mints_since timestamp with time zone;
