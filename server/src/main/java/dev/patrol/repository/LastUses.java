package dev.patrol.repository;

import java.time.Instant;
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

    /** Records {@code uses} in one batch; an older use never overwrites a newer one. */
    public Uni<Void> record(List<Use> uses) {
        return pool.preparedQuery(
                        "INSERT INTO token_last_use (token_id, used_at, client_ip, user_agent) VALUES ($1, $2, $3, $4) "
                                + "ON CONFLICT (token_id) DO UPDATE SET used_at = EXCLUDED.used_at, client_ip = EXCLUDED.client_ip, "
                                + "user_agent = EXCLUDED.user_agent WHERE token_last_use.used_at < EXCLUDED.used_at")
                .executeBatch(uses.stream()
                        .map(u -> Tuple.of(u.tokenId(), TokenRows.odt(u.at()), u.clientIp(), u.userAgent()))
                        .toList())
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .replaceWithVoid();
    }
}
