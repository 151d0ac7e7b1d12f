package dev.patrol.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.patrol.domain.Invalidation;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenEvent;
import dev.patrol.eventlog.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes a batch's {@link ReadModelChanges} and the consumed offsets inside the batch's transaction. */
public final class ReadModelWriter {

    /** Channel on which outcomes of records are announced to every instance (after commit). */
    public static final String OUTCOME_CHANNEL = "patrol_projection";

    private static final int NOTIFY_CHUNK = 150; // pg_notify payloads must stay under 8000 bytes

    /**
     * An owner's regeneration disarms the reuse trap of the secrets its token rotated itself before
     * it; one statement per regeneration, so it must find them by index (rm_dead_secret_self_rotated).
     */
    static final String DISARM =
            "UPDATE rm_dead_secret SET self_rotation = false WHERE token_id = $1 AND retired_at <= $2 AND self_rotation";

    private ReadModelWriter() {}

    /**
     * @param message the published form of an invalidation (it goes to the outbox as is)
     * @return how many security notices the batch owed (written to the notice outbox)
     */
    public static Uni<Integer> write(
            ReadModelTransaction tx,
            ReadModelChanges fold,
            EventCodec codec,
            Function<Invalidation, String> message,
            String topic,
            Map<Integer, Long> nextOffsets) {
        SqlConnection conn = tx.conn;
        // Token rows, applied events and dead secrets go in as one statement each, columns as arrays:
        // a batch of thousands of records (a replay) is not thousands of statements.
        int t = fold.changed.size();
        TokenColumns tokens = new TokenColumns(t);
        fold.changed.values().forEach(tokens::add);
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
            ReadModelChanges.Applied a = fold.applied.get(i);
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
            ReadModelChanges.DeadSecret dead = fold.deadSecrets.get(i);
            deadHashes[i] = dead.secretHash();
            deadTokens[i] = dead.tokenId();
            retired[i] = TokenRows.odt(dead.retiredAt());
            selfRotations[i] = dead.selfRotation();
        }
        // An owner's regeneration (the response to a leak) disarms the reuse trap of the secrets
        // self-rotation retired before it: whoever holds one of those must not revoke the new secret.
        List<Tuple> disarmed = new ArrayList<>();
        fold.deadSecrets.stream()
                .filter(dead -> !dead.selfRotation())
                .forEach(dead -> disarmed.add(Tuple.of(dead.tokenId(), TokenRows.odt(dead.retiredAt()))));
        List<Tuple> rejected = new ArrayList<>();
        fold.rejected.forEach(r -> rejected.add(Tuple.from(new Object[] {
            r.first().eventId(), r.first().tokenId(), r.first().version(), r.reason(), r.partition(), r.offset()
        })));
        List<Tuple> quarantined = new ArrayList<>();
        fold.quarantined.forEach(q ->
                quarantined.add(Tuple.of(q.partition(), q.offset(), q.tokenId(), q.reason(), TokenRows.odt(q.at()))));
        List<Tuple> outbox = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Invalidation i : fold.invalidations) {
            String m = message.apply(i);
            outbox.add(Tuple.of(i.tokenId(), i.eventId(), TokenRows.odt(i.effectiveAt()), m));
            messages.add(m);
        }
        List<Tuple> notices = fold.isReplay() ? List.of() : SecurityNotices.of(fold);
        List<Tuple> checkpoints = new ArrayList<>();
        nextOffsets.forEach((p, o) -> checkpoints.add(Tuple.of(topic, p, o)));
        List<Tuple> notifications = new ArrayList<>();
        if (!fold.isReplay()) { // a replay of old history is no news to any cache
            // First: caches drop what is stale before a command hears "applied".
            notifications.addAll(CommitNotices.announcements(CommitNotices.INVALIDATION_CHANNEL, messages));
        }
        for (int i = 0; i < fold.outcomes.size(); i += NOTIFY_CHUNK) {
            StringBuilder payload = new StringBuilder();
            for (ReadModelChanges.Outcome o :
                    fold.outcomes.subList(i, Math.min(i + NOTIFY_CHUNK, fold.outcomes.size()))) {
                payload.append(o.firstEventId()).append(':').append(o.code()).append(',');
            }
            notifications.add(Tuple.of(OUTCOME_CHANNEL, payload.toString()));
        }
        return columns(
                        conn,
                        // Array columns travel as array literals (text): unnest cannot take arrays of arrays.
                        "INSERT INTO rm_token (" + TokenRows.COLUMNS + ") SELECT ti, fi, ow, nm, sc::text[], ao, "
                                + "og::text[], sh, dh, ca, ea, st, ra, rr, v, ee, an::text[], cf::text[], ap::jsonb, ju, wa FROM unnest($1::uuid[], $2::uuid[], "
                                + "$3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::text[], "
                                + "$10::timestamptz[], $11::timestamptz[], $12::text[], $13::timestamptz[], $14::text[], "
                                + "$15::int8[], $16::bool[], $17::text[], $18::text[], $19::text[], $20::text[], $21::timestamptz[]) "
                                + "AS u(ti, fi, ow, nm, sc, ao, og, sh, dh, ca, ea, st, ra, rr, v, ee, an, cf, ap, ju, wa) "
                                + "ON CONFLICT (token_id) DO UPDATE SET name = EXCLUDED.name, "
                                + "scopes = EXCLUDED.scopes, all_organizations = EXCLUDED.all_organizations, "
                                + "organizations = EXCLUDED.organizations, secret_hash = EXCLUDED.secret_hash, "
                                + "display_hint = EXCLUDED.display_hint, expires_at = EXCLUDED.expires_at, status = EXCLUDED.status, "
                                + "revoked_at = EXCLUDED.revoked_at, revoke_reason = EXCLUDED.revoke_reason, version = EXCLUDED.version, "
                                + "expiry_emails = EXCLUDED.expiry_emails, allowed_networks = EXCLUDED.allowed_networks, "
                                + "cut_from = EXCLUDED.cut_from, approvals = EXCLUDED.approvals, "
                                + "justification = EXCLUDED.justification, widened_at = EXCLUDED.widened_at",
                        t,
                        tokens.columns())
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
                .chain(() -> batch(conn, DISARM, disarmed))
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
                .chain(() -> batch(conn, "SELECT pg_notify($1, $2)", notifications))
                .replaceWith(notices.size());
    }

    /** The rows of {@code rm_token} as columns, in {@link TokenRows#COLUMNS} order. */
    private static final class TokenColumns {
        final UUID[] ids;
        final UUID[] families;
        final String[] owners;
        final String[] names;
        final String[] scopes;
        final Boolean[] allOrganizations;
        final String[] organizations;
        final String[] secretHashes;
        final String[] displayHints;
        final OffsetDateTime[] created;
        final OffsetDateTime[] expires;
        final String[] statuses;
        final OffsetDateTime[] revoked;
        final String[] revokeReasons;
        final Long[] versions;
        final Boolean[] expiryEmails;
        final String[] allowedNetworks;
        final String[] cutFrom;
        final String[] approvals;
        final String[] justifications;
        final OffsetDateTime[] widened;
        int size;

        TokenColumns(int rows) {
            ids = new UUID[rows];
            families = new UUID[rows];
            owners = new String[rows];
            names = new String[rows];
            scopes = new String[rows];
            allOrganizations = new Boolean[rows];
            organizations = new String[rows];
            secretHashes = new String[rows];
            displayHints = new String[rows];
            created = new OffsetDateTime[rows];
            expires = new OffsetDateTime[rows];
            statuses = new String[rows];
            revoked = new OffsetDateTime[rows];
            revokeReasons = new String[rows];
            versions = new Long[rows];
            expiryEmails = new Boolean[rows];
            allowedNetworks = new String[rows];
            cutFrom = new String[rows];
            approvals = new String[rows];
            justifications = new String[rows];
            widened = new OffsetDateTime[rows];
        }

        void add(Token t) {
            int i = size++;
            ids[i] = t.tokenId();
            families[i] = t.familyId();
            owners[i] = t.owner();
            names[i] = t.name();
            scopes[i] = arrayLiteral(TokenRows.sorted(t.scopes()));
            allOrganizations[i] = t.organizations().all();
            organizations[i] = arrayLiteral(TokenRows.sorted(t.organizations().named()));
            secretHashes[i] = t.secretHash();
            displayHints[i] = t.displayHint();
            created[i] = TokenRows.odt(t.createdAt());
            expires[i] = TokenRows.odt(t.expiresAt());
            statuses[i] = t.status().name();
            revoked[i] = TokenRows.odt(t.revokedAt());
            revokeReasons[i] =
                    t.revokeReason() == null ? null : t.revokeReason().name();
            versions[i] = t.version();
            expiryEmails[i] = t.expiryEmails();
            allowedNetworks[i] = arrayLiteral(t.allowedNetworks().toArray(String[]::new)); // already sorted
            cutFrom[i] = arrayLiteral(TokenRows.sorted(t.cutFrom()));
            approvals[i] = TokenRows.approvalsJson(t.approvals());
            justifications[i] = t.justification();
            widened[i] = TokenRows.odt(t.widenedAt());
        }

        Object[] columns() {
            return new Object[] {
                ids,
                families,
                owners,
                names,
                scopes,
                allOrganizations,
                organizations,
                secretHashes,
                displayHints,
                created,
                expires,
                statuses,
                revoked,
                revokeReasons,
                versions,
                expiryEmails,
                allowedNetworks,
                cutFrom,
                approvals,
                justifications,
                widened
            };
        }
    }

    /** A PostgreSQL array literal of {@code values}, every element quoted: any text survives. */
    static String arrayLiteral(String[] values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
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
