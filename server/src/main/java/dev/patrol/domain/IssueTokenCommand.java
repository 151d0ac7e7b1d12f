package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Create a token. The secret is generated before deciding (deciding stays pure), so the command
 * carries only its hash and display hint. A null {@code expiresAt} takes the policy's default lifetime.
 */
public record IssueTokenCommand(
        UUID tokenId,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        Instant expiresAt,
        String secretHash,
        String displayHint,
        Actor actor)
        implements TokenCommand {}
