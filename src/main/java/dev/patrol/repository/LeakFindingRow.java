package dev.patrol.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code leak_finding} (Flyway's V8 and V14), as {@link LeakFindings} maps it. */
@Entity
@Table(name = "leak_finding")
public class LeakFindingRow {

    @Id
    public UUID id;

    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    @Column(nullable = false)
    public String owner;

    public String url;

    public String source;

    @Column(name = "reporter_ip")
    public String reporterIp;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    /** {@link LeakFinding.Outcome#wireName()}. */
    @Column(nullable = false)
    public String outcome;

    static LeakFindingRow of(LeakFinding f) {
        LeakFindingRow row = new LeakFindingRow();
        row.id = f.id();
        row.tokenId = f.tokenId();
        row.owner = f.owner();
        row.url = f.url();
        row.source = f.source();
        row.reporterIp = f.reporterIp();
        row.reportedAt = f.reportedAt();
        row.outcome = f.outcome().wireName();
        return row;
    }

    LeakFinding toFinding() {
        return new LeakFinding(
                id, tokenId, owner, url, source, reporterIp, reportedAt, LeakFinding.Outcome.ofWireName(outcome));
    }
}
