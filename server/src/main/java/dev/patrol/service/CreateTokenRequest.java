package dev.patrol.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Body of {@code POST /api/v1/tokens}. Give either {@code organizations} or
 * {@code allOrganizations: true}; either {@code expiresAt} or {@code lifetimeDays} (neither: the
 * default lifetime). {@code allowedNetworks}: CIDR blocks the token may be used from (none: anywhere);
 * {@code justification}: why it needs what it asks, for organizations that require approval.
 */
public record CreateTokenRequest(
        String name,
        Set<String> scopes,
        Set<String> organizations,
        Boolean allOrganizations,
        Instant expiresAt,
        Integer lifetimeDays,
        List<String> allowedNetworks,
        String justification) {}
