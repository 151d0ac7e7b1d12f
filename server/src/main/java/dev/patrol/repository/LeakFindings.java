package dev.patrol.repository;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Leak findings (docs/leaks.md): plain rows outside the event-sourced read model. On the reactive
 * SQL client, not Panache: Hibernate Reactive costs ~40 MiB of RSS and ~1.5 s of start for these
 * three statements (BENCHMARKS.md, "Panache, measured again"). Every call has the database deadline
 * of a request.
 */
@ApplicationScoped
public class LeakFindings {

    private static final String COLUMNS = "id, token_id, owner, url, source, reporter_ip, reported_at, outcome";

    @Inject
    Pool pool;

    /** Keeps {@code finding}. */
    public Uni<Void> record(LeakFinding f) {
        return pool.preparedQuery("INSERT INTO leak_finding (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {
                    f.id(),
                    f.tokenId(),
                    f.owner(),
                    f.url(),
                    f.source(),
                    f.reporterIp(),
                    TokenRows.odt(f.reportedAt().truncatedTo(ChronoUnit.MICROS)),
                    f.outcome().wireName()
                }))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .replaceWithVoid();
    }

    /** Findings about one token, newest first. */
    public Uni<List<LeakFinding>> ofToken(UUID tokenId) {
        return findings(pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM leak_finding WHERE token_id = $1 ORDER BY reported_at DESC")
                .execute(Tuple.of(tokenId)));
    }

    /** The newest {@code limit} findings about anyone's tokens. */
    public Uni<List<LeakFinding>> newest(int limit) {
        return findings(pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM leak_finding ORDER BY reported_at DESC, id DESC LIMIT $1")
                .execute(Tuple.of(limit)));
    }

    private static Uni<List<LeakFinding>> findings(Uni<? extends Iterable<Row>> rows) {
        return rows.ifNoItem().after(Deadlines.DATABASE).fail().map(found -> {
            List<LeakFinding> out = new ArrayList<>();
            for (Row r : found) {
                out.add(new LeakFinding(
                        r.getUUID(0),
                        r.getUUID(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getOffsetDateTime(6).toInstant(),
                        LeakFinding.Outcome.ofWireName(r.getString(7))));
            }
            return out;
        });
    }
}
