-- What a leak report did to the token: 'revoked', 'already-inactive', or 'failed' when the revocation
-- was refused or never confirmed after retries (the token may still be active: an administrator acts).
ALTER TABLE leak_finding ADD COLUMN outcome TEXT;
UPDATE leak_finding SET outcome = CASE WHEN revoked THEN 'revoked' ELSE 'already-inactive' END;
ALTER TABLE leak_finding ALTER COLUMN outcome SET NOT NULL;
ALTER TABLE leak_finding DROP COLUMN revoked;
