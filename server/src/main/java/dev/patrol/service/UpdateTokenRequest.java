package dev.patrol.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Body of {@code PATCH /api/v1/tokens/{id}}: only the fields present change, all or none.
 * {@code expiryEmails}: false to stop expiry notices by mail for this token; {@code allowedNetworks}:
 * the CIDR blocks it may be used from from now on ({@code []}: anywhere); {@code justification}: the
 * owner's words for approvers ({@code ""}: none).
 */
public record UpdateTokenRequest(
        String name,
        Set<String> scopes,
        Set<String> organizations,
        Boolean allOrganizations,
        Instant expiresAt,
        Boolean expiryEmails,
        List<String> allowedNetworks,
        String justification) {}
