package dev.patrol.domain;

import java.util.Set;
import java.util.UUID;

/** Replace a token's scopes and/or organizations; a null part stays as it is. */
public record ChangeTokenScopesCommand(UUID tokenId, Set<String> scopes, OrganizationBinding organizations, Actor actor)
        implements TokenCommand {}
