-- Organizations an administrator cut a token from: it may not act there whatever its binding says
-- (event-sourced: patrol.token.cut-from-organization.v1).
ALTER TABLE rm_token ADD COLUMN cut_from TEXT[] NOT NULL DEFAULT '{}';
