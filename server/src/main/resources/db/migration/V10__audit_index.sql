-- The audit API pages through the whole history newest first.
CREATE INDEX rm_token_event_occurred ON rm_token_event (occurred_at, event_id);
