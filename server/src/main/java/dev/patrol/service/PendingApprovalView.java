package dev.patrol.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A token waiting for an organization's administrators to approve it there: who asks, for which
 * scopes and how long, why ({@code justification}, the owner's words), and since when (its creation,
 * or the change that needs approval again: {@code since} is the token's last change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingApprovalView(
        UUID tokenId,
        String owner,
        String name,
        List<String> scopes,
        boolean allOrganizations,
        List<String> organizations,
        Instant createdAt,
        Instant expiresAt,
        String justification) {}
