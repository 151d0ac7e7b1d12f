-- Whether the owner wants expiry notices for a token by mail (event-sourced: patrol.token.expiry-emails-changed.v1).
ALTER TABLE rm_token ADD COLUMN expiry_emails BOOLEAN NOT NULL DEFAULT true;
