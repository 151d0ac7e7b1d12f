package dev.patrol.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Create a token. The secret is generated before deciding (deciding stays pure), so the command
 * carries only its hash and display hint. A null {@code expiresAt} takes the policy's default lifetime;
 * a null or empty {@code allowedNetworks} lets it be used from any address.
 */
public record IssueTokenCommand(
        UUID tokenId,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        Instant expiresAt,
        String secretHash,
        String displayHint,
        List<String> allowedNetworks,
        Actor actor)
        implements TokenCommand {}
