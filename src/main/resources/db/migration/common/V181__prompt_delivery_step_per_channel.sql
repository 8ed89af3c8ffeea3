-- A ladder step refused by one channel (WhatsApp's 63003 not on WhatsApp, 63016 template refused) goes
-- out again on the next channel that reaches the person: one delivery row per incident, step and
-- channel. Still at most one send of a step per channel, whichever replica inserts the row first.
alter table prompt_delivery drop constraint uk_prompt_delivery_step;
alter table prompt_delivery add constraint uk_prompt_delivery_step_channel unique (incident_id, step, channel);
