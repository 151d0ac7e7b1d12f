package dev.patrol.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code token_last_use}: when and from where each token was last used, written in batches. */
@ApplicationScoped
public class LastUses {

    @Inject
    Pool pool;

    /** One token's use. */
    public record Use(UUID tokenId, Instant at, String clientIp, String userAgent) {}

    /**
     * Records {@code uses} (one per token) in one statement; an older use never overwrites a newer one.
     * One statement over arrays, not a batch of one statement per token: with many distinct tokens in
     * use a batch cost PostgreSQL twice the CPU and missed its deadline (BENCHMARKS.md, "A million
     * cached tokens against one"). Rows go in token order, so that two instances writing overlapping
     * tokens lock them in the same order.
     */
    public Uni<Void> record(List<Use> uses) {
        List<Use> sorted =
                uses.stream().sorted(Comparator.comparing(Use::tokenId)).toList();
        return pool.preparedQuery("INSERT INTO token_last_use (token_id, used_at, client_ip, user_agent) "
                        + "SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) "
                        + "ON CONFLICT (token_id) DO UPDATE SET used_at = EXCLUDED.used_at, client_ip = EXCLUDED.client_ip, "
                        + "user_agent = EXCLUDED.user_agent WHERE token_last_use.used_at < EXCLUDED.used_at")
                .execute(Tuple.of(
                        sorted.stream().map(Use::tokenId).toArray(UUID[]::new),
                        sorted.stream().map(u -> TokenRows.odt(u.at())).toArray(OffsetDateTime[]::new),
                        sorted.stream().map(Use::clientIp).toArray(String[]::new),
                        sorted.stream().map(Use::userAgent).toArray(String[]::new)))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .replaceWithVoid();
    }
}
