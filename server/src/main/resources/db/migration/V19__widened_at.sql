-- When a change last let a token do more (scopes, organizations, networks, a later expiry; null: not
-- since its creation): a token counts as made before an organization's approval rule only if it has
-- not gained power since (event-sourced: derived by the fold from the events).
ALTER TABLE rm_token ADD COLUMN widened_at TIMESTAMPTZ;
