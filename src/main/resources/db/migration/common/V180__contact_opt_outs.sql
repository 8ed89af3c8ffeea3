-- Opt-outs per contact and channel: when the person asked for no more prompts there (STOP by SMS or
-- WhatsApp, Twilio's 21610 answer, the email's one-click unsubscribe); null: not opted out. Set and
-- cleared by Relink only, never by the app's PUT. opt_out_type: Twilio's OptOutType of the last
-- inbound opt-out or opt-in (STOP, START), when Twilio sent one.
alter table contact add column email_opt_out_at timestamp with time zone;
alter table contact add column sms_opt_out_at timestamp with time zone;
alter table contact add column whatsapp_opt_out_at timestamp with time zone;
alter table contact add column opt_out_type varchar(16);
