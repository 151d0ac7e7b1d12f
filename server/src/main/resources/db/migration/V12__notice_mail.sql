-- E-mail delivery of notices (docs/notices.md). The owner's address comes from the OIDC email claim,
-- kept with their organizations. A notice's mail is pending until sent, retried with backoff, and
-- given up (failed) after the last attempt; skipped when the owner has no address or mail is off.
ALTER TABLE owner_organizations ADD COLUMN email TEXT;
ALTER TABLE token_notice ADD COLUMN mail_status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE token_notice ADD COLUMN mail_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE token_notice ADD COLUMN mail_next_at TIMESTAMPTZ;
CREATE INDEX token_notice_mail_pending ON token_notice (occurred_at) WHERE mail_status = 'pending';
