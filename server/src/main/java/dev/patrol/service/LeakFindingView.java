package dev.patrol.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.repository.LeakFinding;

/**
 * Where a scanner found a token, who reported it, and what the report did: {@code outcome} is
 * {@code revoked}, {@code already-inactive} or {@code failed} (the revocation was not confirmed after
 * retries: the token may still be active); {@code revoked} is true for the first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakFindingView(
        UUID tokenId,
        String owner,
        String url,
        String source,
        String reporterIp,
        Instant reportedAt,
        boolean revoked,
        String outcome) {

    static LeakFindingView of(LeakFinding f) {
        return new LeakFindingView(
                f.tokenId(),
                f.owner(),
                f.url(),
                f.source(),
                f.reporterIp(),
                f.reportedAt(),
                f.outcome() == LeakFinding.Outcome.REVOKED,
                f.outcome().wireName());
    }
}
