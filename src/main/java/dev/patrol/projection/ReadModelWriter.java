package dev.patrol.projection;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.patrol.domain.TokenEvent;
import dev.patrol.edge.Invalidation;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.readmodel.TokenRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes a {@link ReadModelFold} and the consumed offsets inside the caller's transaction. */
final class ReadModelWriter {

    /** Advisory lock: projector batches take it shared, the rebuild exclusive. */
    static final long PROJECTION_LOCK = 0x70617472_6f6cL;
    /** Channel on which outcomes of records are announced to every instance (after commit). */
    static final String OUTCOME_CHANNEL = "patrol_projection";

    private static final int NOTIFY_CHUNK = 150; // pg_notify payloads must stay under 8000 bytes

    private ReadModelWriter() {}

    /** @param message the published form of an invalidation (it goes to the outbox as is) */
    static Uni<Void> write(
            SqlConnection conn,
            ReadModelFold fold,
            EventCodec codec,
            Function<Invalidation, String> message,
            String topic,
            Map<Integer, Long> nextOffsets) {
        List<Tuple> tokens = new ArrayList<>();
        fold.changed.values().forEach(t -> tokens.add(TokenRows.toTuple(t)));
        // Applied events and dead secrets go in as one statement each, columns as arrays: a batch of
        // thousands of records (a replay) is not thousands of statements.
        int n = fold.applied.size();
        UUID[] eventIds = new UUID[n];
        UUID[] tokenIds = new UUID[n];
        Long[] versions = new Long[n];
        String[] types = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] actorKinds = new String[n];
        String[] actorIds = new String[n];
        String[] payloads = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            ReadModelFold.Applied a = fold.applied.get(i);
            TokenEvent e = a.event();
            eventIds[i] = e.eventId();
            tokenIds[i] = e.tokenId();
            versions[i] = e.version();
            types[i] = e.type();
            occurred[i] = TokenRows.odt(e.occurredAt());
            actorKinds[i] = e.actor().kind().name();
            actorIds[i] = e.actor().id();
            payloads[i] = codec.encodeOneText(e);
            partitions[i] = a.partition();
            offsets[i] = a.offset();
        }
        int d = fold.deadSecrets.size();
        String[] deadHashes = new String[d];
        UUID[] deadTokens = new UUID[d];
        OffsetDateTime[] retired = new OffsetDateTime[d];
        Boolean[] selfRotations = new Boolean[d];
        for (int i = 0; i < d; i++) {
            ReadModelFold.DeadSecret dead = fold.deadSecrets.get(i);
            deadHashes[i] = dead.secretHash();
            deadTokens[i] = dead.tokenId();
            retired[i] = TokenRows.odt(dead.retiredAt());
            selfRotations[i] = dead.selfRotation();
        }
        List<Tuple> rejected = new ArrayList<>();
        fold.rejected.forEach(r -> rejected.add(Tuple.from(new Object[] {
            r.first().eventId(), r.first().tokenId(), r.first().version(), r.reason(), r.partition(), r.offset()
        })));
        List<Tuple> quarantined = new ArrayList<>();
        fold.quarantined.forEach(q ->
                quarantined.add(Tuple.of(q.partition(), q.offset(), q.tokenId(), q.reason(), TokenRows.odt(q.at()))));
        List<Tuple> outbox = new ArrayList<>();
        fold.invalidations.forEach(
                i -> outbox.add(Tuple.of(i.tokenId(), i.eventId(), TokenRows.odt(i.effectiveAt()), message.apply(i))));
        List<Tuple> notices = fold.replayed ? List.of() : SecurityNotices.of(fold);
        List<Tuple> checkpoints = new ArrayList<>();
        nextOffsets.forEach((p, o) -> checkpoints.add(Tuple.of(topic, p, o)));
        List<Tuple> notifications = new ArrayList<>();
        for (int i = 0; i < fold.outcomes.size(); i += NOTIFY_CHUNK) {
            StringBuilder payload = new StringBuilder();
            for (ReadModelFold.Outcome o : fold.outcomes.subList(i, Math.min(i + NOTIFY_CHUNK, fold.outcomes.size()))) {
                payload.append(o.firstEventId()).append(':').append(o.code()).append(',');
            }
            notifications.add(Tuple.of(OUTCOME_CHANNEL, payload.toString()));
        }
        return batch(
                        conn,
                        "INSERT INTO rm_token (" + TokenRows.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                + "$10, $11, $12, $13, $14, $15, $16) ON CONFLICT (token_id) DO UPDATE SET name = EXCLUDED.name, "
                                + "scopes = EXCLUDED.scopes, all_organizations = EXCLUDED.all_organizations, "
                                + "organizations = EXCLUDED.organizations, secret_hash = EXCLUDED.secret_hash, "
                                + "display_hint = EXCLUDED.display_hint, expires_at = EXCLUDED.expires_at, status = EXCLUDED.status, "
                                + "revoked_at = EXCLUDED.revoked_at, revoke_reason = EXCLUDED.revoke_reason, version = EXCLUDED.version, "
                                + "expiry_emails = EXCLUDED.expiry_emails",
                        tokens)
                .chain(() -> columns(
                        conn,
                        // The payload is text the server parses: no JSON tree built and written again here.
                        "INSERT INTO rm_token_event (event_id, token_id, version, type, occurred_at, "
                                + "actor_kind, actor_id, payload, kafka_partition, kafka_offset) "
                                + "SELECT e, t, v, ty, o, ak, ai, p::jsonb, kp, ko FROM unnest($1::uuid[], $2::uuid[], "
                                + "$3::int8[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], "
                                + "$9::int4[], $10::int8[]) AS u(e, t, v, ty, o, ak, ai, p, kp, ko)",
                        n,
                        eventIds,
                        tokenIds,
                        versions,
                        types,
                        occurred,
                        actorKinds,
                        actorIds,
                        payloads,
                        partitions,
                        offsets))
                .chain(() -> batch(
                        conn,
                        "INSERT INTO rm_rejected_record (event_id, token_id, version, reason, "
                                + "kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6)",
                        rejected))
                .chain(() -> columns(
                        conn,
                        "INSERT INTO rm_dead_secret (secret_hash, token_id, retired_at, self_rotation) "
                                + "SELECT * FROM unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::bool[]) "
                                + "ON CONFLICT DO NOTHING",
                        d,
                        deadHashes,
                        deadTokens,
                        retired,
                        selfRotations))
                .chain(() -> batch(
                        conn,
                        "INSERT INTO rm_quarantine (kafka_partition, kafka_offset, token_id, reason, quarantined_at) "
                                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                        quarantined))
                .chain(() -> batch(
                        conn,
                        "INSERT INTO rm_invalidation_outbox (token_id, event_id, effective_at, message) "
                                + "VALUES ($1, $2, $3, $4)",
                        outbox))
                .chain(() -> batch(
                        conn,
                        // Events older than a day (a rebuild over old history) notify nobody.
                        "INSERT INTO token_notice (id, token_id, owner, type, dedupe_key, occurred_at, data) "
                                + "SELECT $1, $2, $3, $4, $5, $6, $7 WHERE $6 > now() - interval '1 day' "
                                + "ON CONFLICT (dedupe_key) DO NOTHING",
                        notices))
                .chain(() -> batch(
                        conn,
                        "INSERT INTO rm_checkpoint (topic, kafka_partition, next_offset) VALUES "
                                + "($1, $2, $3) ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset",
                        checkpoints))
                .chain(() -> batch(conn, "SELECT pg_notify($1, $2)", notifications));
    }

    /** One statement whose parameters are columns (arrays) of {@code rows} rows. */
    private static Uni<Void> columns(SqlConnection conn, String sql, int rows, Object... columns) {
        if (rows == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(sql).execute(Tuple.from(columns)).replaceWithVoid();
    }

    private static Uni<Void> batch(SqlConnection conn, String sql, List<Tuple> tuples) {
        if (tuples.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(sql).executeBatch(tuples).replaceWithVoid();
    }
}
