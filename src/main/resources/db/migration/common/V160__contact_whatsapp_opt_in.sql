-- WhatsApp prompts only to people who opted in: when they did, as the app reports it (null: never).
alter table contact add column whatsapp_opt_in_at timestamp with time zone;
