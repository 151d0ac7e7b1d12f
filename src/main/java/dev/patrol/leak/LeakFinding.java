package dev.patrol.leak;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a secret scanner found one of a person's tokens (never the token, not even its hash).
 *
 * @param revoked false when the token was revoked already (by its owner, or by an earlier report)
 */
public record LeakFinding(
        UUID id,
        UUID tokenId,
        String owner,
        String url,
        String source,
        String reporterIp,
        Instant reportedAt,
        boolean revoked) {}
