package dev.patrol.api;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.leak.LeakFinding;

/** Where a scanner found a token, who reported it, and whether the report revoked it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakFindingView(
        UUID tokenId, String owner, String url, String source, String reporterIp, Instant reportedAt, boolean revoked) {

    static LeakFindingView of(LeakFinding f) {
        return new LeakFindingView(
                f.tokenId(), f.owner(), f.url(), f.source(), f.reporterIp(), f.reportedAt(), f.revoked());
    }
}
