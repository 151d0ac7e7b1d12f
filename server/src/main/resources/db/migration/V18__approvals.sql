-- Approvals per organization that requires them ({"acme": {"scopes": [...], "until": ..., "at": ...,
-- "by": ...}}) and the owner's justification for approvers (event-sourced:
-- patrol.token.approved-in-organization.v1, patrol.token.justification-changed.v1).
ALTER TABLE rm_token ADD COLUMN approvals JSONB NOT NULL DEFAULT '{}';
ALTER TABLE rm_token ADD COLUMN justification TEXT;
