package dev.patrol.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records the projector would not apply, and the tokens they hold refused (rm_quarantine), for the
 * operator who resolves them (docs/operations.md).
 */
@ApplicationScoped
public class Quarantine {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One unresolved record. */
    public record Entry(int partition, long offset, UUID tokenId, String reason, Instant quarantinedAt) {}

    /** How much is unresolved. */
    public record Counts(long records, long tokens) {}

    @Inject
    Pool client;

    public Uni<List<Entry>> unresolved() {
        return client.query("SELECT kafka_partition, kafka_offset, token_id, reason, quarantined_at FROM rm_quarantine "
                        + "WHERE resolved_at IS NULL ORDER BY quarantined_at DESC LIMIT 1000")
                .execute()
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .map(rows -> {
                    List<Entry> out = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Entry(
                                r.getInteger(0),
                                r.getLong(1),
                                r.getUUID(2),
                                r.getString(3),
                                r.getOffsetDateTime(4).toInstant()));
                    }
                    return out;
                });
    }

    public Uni<Counts> counts() {
        return client.query("SELECT count(*), count(DISTINCT token_id) FROM rm_quarantine WHERE resolved_at IS NULL")
                .execute()
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Counts(r.getLong(0), r.getLong(1));
                });
    }

    /** Resolves every unresolved record of {@code tokenId}; how many there were. */
    public Uni<Integer> resolve(UUID tokenId, String by) {
        return client.preparedQuery("UPDATE rm_quarantine SET resolved_at = now(), resolved_by = $2 "
                        + "WHERE token_id = $1 AND resolved_at IS NULL")
                .execute(Tuple.of(tokenId, by))
                .ifNoItem()
                .after(TIMEOUT)
                .fail()
                .map(rows -> rows.rowCount());
    }
}
