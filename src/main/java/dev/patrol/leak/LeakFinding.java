package dev.patrol.leak;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Where a secret scanner found one of a person's tokens (never the token, not even its hash). */
@Entity
@Table(name = "leak_finding")
public class LeakFinding extends PanacheEntityBase {

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

    /** False when the token was revoked already (by its owner, or by an earlier report). */
    public boolean revoked;
}
