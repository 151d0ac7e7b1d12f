-- The networks a token may be used from, canonical CIDR blocks, sorted; empty: any address
-- (event-sourced: patrol.token.networks-changed.v1).
ALTER TABLE rm_token ADD COLUMN allowed_networks TEXT[] NOT NULL DEFAULT '{}';
