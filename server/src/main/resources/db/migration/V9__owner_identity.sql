-- What the identity provider told Patrol about an owner besides their OIDC claims (identity events,
-- docs/identity.md). narrowed_at: when their organizations were last narrowed by an event; a claim
-- from an OIDC token issued before that no longer widens them. disabled_at: when the owner was
-- disabled or deleted; management calls with OIDC tokens issued before that are refused.
ALTER TABLE owner_organizations ADD COLUMN narrowed_at TIMESTAMPTZ;
ALTER TABLE owner_organizations ADD COLUMN disabled_at TIMESTAMPTZ;
