-- The organizations each token owner belonged to when last seen through OIDC (their claim). A token
-- bound to "all of the owner's organizations" is valid in exactly these. Not event-sourced: it is
-- a snapshot of the identity provider's view, refreshed whenever the owner uses the management API.
CREATE TABLE owner_organizations (
    owner         TEXT        PRIMARY KEY,
    organizations TEXT[]      NOT NULL,
    seen_at       TIMESTAMPTZ NOT NULL
);
