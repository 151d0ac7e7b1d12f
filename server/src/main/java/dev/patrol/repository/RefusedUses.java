package dev.patrol.repository;

import java.time.Instant;
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
 * {@code token_refused_use}: uses of real tokens refused for where they came from, written in batches
 * (like {@link LastUses}) and trimmed to the {@link #KEPT_PER_TOKEN} newest per token, so that someone
 * hammering a stolen bound token from outside its networks cannot grow the table.
 */
@ApplicationScoped
public class RefusedUses {

    /** How many refused uses are kept per token. */
    public static final int KEPT_PER_TOKEN = 20;

    @Inject
    Pool pool;

    /** One refused use; {@code owner} and {@code name} are the token's, filled when read. */
    public record Use(
            UUID tokenId, Instant at, String clientIp, String userAgent, String reason, String owner, String name) {

        public Use(UUID tokenId, Instant at, String clientIp, String userAgent, String reason) {
            this(tokenId, at, clientIp, userAgent, reason, null, null);
        }
    }

    /** Records {@code uses} and trims their tokens' rows to the newest {@link #KEPT_PER_TOKEN}, in one transaction. */
    public Uni<Void> record(List<Use> uses) {
        UUID[] tokens = uses.stream().map(Use::tokenId).distinct().toArray(UUID[]::new);
        return pool.withTransaction(c -> c.preparedQuery(
                                "INSERT INTO token_refused_use (token_id, refused_at, client_ip, user_agent, reason) "
                                        + "VALUES ($1, $2, $3, $4, $5)")
                        .executeBatch(uses.stream()
                                .map(u -> Tuple.of(
                                        u.tokenId(), TokenRows.odt(u.at()), u.clientIp(), u.userAgent(), u.reason()))
                                .toList())
                        .chain(() -> c.preparedQuery("DELETE FROM token_refused_use r WHERE r.token_id = ANY($1) "
                                        + "AND r.id NOT IN (SELECT k.id FROM token_refused_use k WHERE k.token_id = r.token_id "
                                        + "ORDER BY k.refused_at DESC, k.id DESC LIMIT " + KEPT_PER_TOKEN + ")")
                                .execute(Tuple.of(tokens))))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .replaceWithVoid();
    }

    /** The refused uses of one token, newest first. */
    public Uni<List<Use>> ofToken(UUID tokenId) {
        return uses(pool.preparedQuery(SELECT + " WHERE r.token_id = $1 ORDER BY r.refused_at DESC, r.id DESC")
                .execute(Tuple.of(tokenId)));
    }

    /** The newest {@code limit} refused uses of anyone's tokens. */
    public Uni<List<Use>> newest(int limit) {
        return uses(pool.preparedQuery(SELECT + " ORDER BY r.refused_at DESC, r.id DESC LIMIT $1")
                .execute(Tuple.of(limit)));
    }

    private static final String SELECT = "SELECT r.token_id, r.refused_at, r.client_ip, r.user_agent, r.reason, "
            + "t.owner, t.name FROM token_refused_use r LEFT JOIN rm_token t ON t.token_id = r.token_id";

    private static Uni<List<Use>> uses(Uni<? extends Iterable<Row>> rows) {
        return rows.ifNoItem().after(Deadlines.DATABASE).fail().map(found -> {
            List<Use> out = new ArrayList<>();
            for (Row r : found) {
                out.add(new Use(
                        r.getUUID(0),
                        r.getOffsetDateTime(1).toInstant(),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6)));
            }
            return out;
        });
    }
}
