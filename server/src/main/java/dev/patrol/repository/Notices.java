package dev.patrol.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The owners' notices ({@code token_notice}, docs/notices.md): created by the expiry scan (each once,
 * by its dedupe key), published from their outbox, mailed one at a time. Set-based inserts and row
 * locks ({@code SKIP LOCKED}) are what these need, so this is SQL on the reactive client.
 */
@ApplicationScoped
public class Notices {

    public static final String EXPIRING = "patrol.token.expiring";
    public static final String EXPIRED = "patrol.token.expired";

    @Inject
    Pool pool;

    /**
     * Creates the "expiring" notice of every active token whose expiry is between {@code next} and
     * {@code before} from {@code now}, crossed within {@code lateLimit}; the number created.
     */
    public Uni<Integer> createExpiring(Instant now, Duration before, Duration next, Duration lateLimit) {
        String key = "'expiring:' || $3::int || ':' || t.token_id || ':' || "
                + "(extract(epoch FROM t.expires_at) * 1000000)::bigint";
        return pool.preparedQuery("INSERT INTO token_notice (id, token_id, owner, type, dedupe_key, occurred_at, data) "
                        + "SELECT gen_random_uuid(), t.token_id, t.owner, '" + EXPIRING + "', " + key + ", "
                        + "$1::timestamptz, " + data("'daysBefore', $3::int") + " FROM rm_token t "
                        + "WHERE t.status = 'ACTIVE' AND t.expires_at > $1::timestamptz + $4::bigint * interval '1 second' "
                        + "AND t.expires_at <= $1::timestamptz + $2::bigint * interval '1 second' "
                        + "AND t.expires_at - $2::bigint * interval '1 second' > t.created_at "
                        // crossed within the late limit, written as a bound on expires_at so that it narrows the index
                        // range
                        + "AND t.expires_at > $1::timestamptz + ($2::bigint - $5::bigint) * interval '1 second' "
                        + notYet(key)
                        + "ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(
                        TokenRows.odt(now),
                        before.toSeconds(),
                        (int) before.toDays(),
                        next.toSeconds(),
                        lateLimit.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** Creates the "expired" notice of every token that expired within {@code lateLimit}; the number created. */
    public Uni<Integer> createExpired(Instant now, Duration lateLimit) {
        String key = "'expired:' || t.token_id || ':' || (extract(epoch FROM t.expires_at) * 1000000)::bigint";
        return pool.preparedQuery("INSERT INTO token_notice (id, token_id, owner, type, dedupe_key, occurred_at, data) "
                        + "SELECT gen_random_uuid(), t.token_id, t.owner, '" + EXPIRED + "', " + key + ", "
                        + "$1::timestamptz, " + data("'daysBefore', 0") + " FROM rm_token t "
                        + "WHERE t.status = 'ACTIVE' AND t.expires_at <= $1::timestamptz "
                        + "AND t.expires_at > $1::timestamptz - $2::bigint * interval '1 second' "
                        + notYet(key)
                        + "ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(TokenRows.odt(now), lateLimit.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /**
     * Skips tokens already told before building their notice: a scan meets the same tokens for a
     * day (the late limit), and building and then discarding thousands of rows each time is most of
     * its cost. ON CONFLICT still settles races between instances.
     */
    private static String notYet(String key) {
        return "AND NOT EXISTS (SELECT 1 FROM token_notice n WHERE n.dedupe_key = " + key + ") ";
    }

    /** The notice's data (docs/notices.md), built by the database from the token's row. */
    private static String data(String extra) {
        return "jsonb_build_object('tokenId', t.token_id, 'owner', t.owner, 'name', t.name, "
                + "'scopes', to_jsonb(t.scopes), 'allOrganizations', t.all_organizations, "
                + "'organizations', to_jsonb(t.organizations), "
                + "'expiresAt', to_char(t.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " + extra
                + ")";
    }

    /** A notice waiting to be published, as its CloudEvent needs it. */
    public record Unpublished(UUID id, String owner, String type, Instant occurredAt, UUID tokenId, JsonObject data) {}

    /** The notices' outbox: {@code send} publishes one; the relay marks them published. */
    public OutboxRelay outbox(Function<Unpublished, Uni<Void>> send, java.time.Clock clock) {
        return new OutboxRelay(
                pool,
                "notices",
                100,
                "SELECT id, owner, type, occurred_at, token_id, data FROM token_notice "
                        + "WHERE published_at IS NULL ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED",
                r -> send.apply(new Unpublished(
                        r.getUUID("id"),
                        r.getString("owner"),
                        r.getString("type"),
                        r.getOffsetDateTime("occurred_at").toInstant(),
                        r.getUUID("token_id"),
                        (JsonObject) r.getValue("data"))),
                "UPDATE token_notice SET published_at = $2 WHERE id = ANY($1)",
                sent -> Tuple.of(
                        sent.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new), TokenRows.odt(clock.instant())));
    }

    /** A notice due to be mailed, with its owner's address and mail choice. */
    public record DueMail(
            UUID id,
            String type,
            JsonObject data,
            Instant occurredAt,
            int attempts,
            String email,
            Boolean expiryEmails) {}

    /** Where a mail stands after an attempt: {@code pending} again at {@code nextAt}, or {@code sent}, {@code skipped}, {@code failed}. */
    public record MailState(String status, int attempts, Instant nextAt) {}

    /**
     * Locks the next notice due to be mailed at {@code now} ({@code SKIP LOCKED}: two instances never
     * take the same one), lets {@code attempt} mail it, and records what it answers, in one
     * transaction; false when none is due.
     */
    public Uni<Boolean> mailNext(Instant now, Function<DueMail, Uni<MailState>> attempt) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT n.id, n.type, n.data, n.occurred_at, "
                        + "n.mail_attempts, o.email, t.expiry_emails FROM token_notice n "
                        + "LEFT JOIN owner_organizations o ON o.owner = n.owner "
                        + "LEFT JOIN rm_token t ON t.token_id = n.token_id "
                        + "WHERE n.mail_status = 'pending' AND (n.mail_next_at IS NULL OR n.mail_next_at <= $1) "
                        + "ORDER BY n.occurred_at LIMIT 1 FOR UPDATE OF n SKIP LOCKED")
                .execute(Tuple.of(TokenRows.odt(now)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row r = rows.iterator().next();
                    DueMail due = new DueMail(
                            r.getUUID("id"),
                            r.getString("type"),
                            (JsonObject) r.getValue("data"),
                            r.getOffsetDateTime("occurred_at").toInstant(),
                            r.getInteger("mail_attempts"),
                            r.getString("email"),
                            r.getBoolean("expiry_emails"));
                    return attempt.apply(due)
                            .chain(state -> mark(conn, due.id(), state))
                            .replaceWith(true);
                }));
    }

    private static Uni<Void> mark(SqlConnection conn, UUID id, MailState state) {
        return conn.preparedQuery(
                        "UPDATE token_notice SET mail_status = $2, mail_attempts = $3, mail_next_at = $4 WHERE id = $1")
                .execute(Tuple.of(id, state.status(), state.attempts(), TokenRows.odt(state.nextAt())))
                .replaceWithVoid();
    }
}
