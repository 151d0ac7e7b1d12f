package dev.patrol.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Token;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of the token read model (reactive, never blocking). */
@ApplicationScoped
public class TokenQueries {

    /** Lifecycle filter of a list: expiry is judged at the time of the query. */
    public enum StateFilter {
        ACTIVE,
        EXPIRED,
        REVOKED,
        ALL
    }

    /** Sort key of a list; the token id breaks ties so keyset paging is exact. */
    public enum SortKey {
        NAME("name"),
        CREATED("created_at"),
        EXPIRES("expires_at");

        final String column;

        SortKey(String column) {
            this.column = column;
        }
    }

    /** One page of a list and where the next one starts (null at the end). */
    public record Page(List<Token> items, Object[] lastKey) {}

    /** An applied event as stored in the history. */
    public record HistoryEntry(
            UUID eventId,
            long version,
            String type,
            Instant occurredAt,
            String actorKind,
            String actorId,
            JsonObject payload) {}

    /** What became of a record on the events topic, by its first event id. */
    public enum RecordOutcome {
        APPLIED,
        REJECTED,
        UNKNOWN
    }

    @Inject
    Pool client;

    public Uni<Optional<Token>> find(UUID tokenId) {
        return client.preparedQuery("SELECT " + TokenRows.COLUMNS + " FROM rm_token WHERE token_id = $1")
                .execute(Tuple.of(tokenId))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(TokenRows.toToken(rows.iterator().next())));
    }

    /** How many of {@code owner}'s tokens are active (neither revoked nor expired) at {@code now}. */
    public Uni<Integer> countActive(String owner, Instant now) {
        return client.preparedQuery(
                        "SELECT count(*) FROM rm_token WHERE owner = $1 AND status = 'ACTIVE' AND expires_at > $2")
                .execute(Tuple.of(owner, TokenRows.odt(now)))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Ids of {@code owner}'s tokens that are not revoked (expired ones included: they could be regenerated). */
    public Uni<List<UUID>> unrevoked(String owner) {
        return client.preparedQuery("SELECT token_id FROM rm_token WHERE owner = $1 AND status = 'ACTIVE'")
                .execute(Tuple.of(owner))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** An active token and its owner's organizations as last seen (null: never seen). */
    public record Governed(Token token, java.util.Set<String> ownerOrganizations) {}

    /** Active tokens after {@code afterId} in id order, a page at a time (the policy sweep). */
    public Uni<List<Governed>> activeAfter(UUID afterId, int limit, Instant now) {
        return client.preparedQuery("SELECT " + TokenRows.columns("t") + ", o.organizations AS owner_organizations "
                        + "FROM rm_token t LEFT JOIN owner_organizations o ON o.owner = t.owner "
                        + "WHERE t.status = 'ACTIVE' AND t.expires_at > $1 AND t.token_id > $2 "
                        + "ORDER BY t.token_id LIMIT $3")
                .execute(Tuple.of(TokenRows.odt(now), afterId, limit))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    List<Governed> out = new ArrayList<>();
                    for (Row r : rows) {
                        String[] orgs = r.getArrayOfStrings("owner_organizations");
                        out.add(new Governed(TokenRows.toToken(r), orgs == null ? null : java.util.Set.of(orgs)));
                    }
                    return out;
                });
    }

    /** When, from where and by what a token was last used (recorded asynchronously). */
    public record LastUse(Instant at, String clientIp, String userAgent) {}

    public Uni<Map<UUID, LastUse>> lastUse(List<UUID> tokenIds) {
        if (tokenIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery(
                        "SELECT token_id, used_at, client_ip, user_agent FROM token_last_use WHERE token_id = ANY($1)")
                .execute(Tuple.of(tokenIds.toArray(UUID[]::new)))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    Map<UUID, LastUse> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(
                                r.getUUID(0),
                                new LastUse(r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3)));
                    }
                    return out;
                });
    }

    public Uni<Optional<Token>> findBySecretHash(String secretHash) {
        return client.preparedQuery("SELECT " + TokenRows.COLUMNS + " FROM rm_token WHERE secret_hash = $1")
                .execute(Tuple.of(secretHash))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(TokenRows.toToken(rows.iterator().next())));
    }

    /**
     * Which tokens a list shows. A person's own list sets only {@code owner} and {@code state};
     * administrators may leave {@code owner} null and narrow by the rest. {@code organization}
     * matches tokens that can act in it (named, or bound to all of an owner's organizations that
     * include it).
     */
    public record Filter(
            String owner,
            StateFilter state,
            String organization,
            String scope,
            Instant expiringBefore,
            Instant lastUsedBefore,
            boolean neverUsed) {

        public static Filter owner(String owner, StateFilter state) {
            return new Filter(owner, state, null, null, null, null, false);
        }
    }

    /**
     * A page of the tokens {@code filter} selects. {@code after} is the sort value and token id of
     * the last item of the previous page.
     */
    public Uni<Page> list(Filter filter, SortKey sort, boolean descending, int limit, Object[] after, Instant now) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql =
                new StringBuilder("SELECT ").append(TokenRows.columns("t")).append(" FROM rm_token t");
        if (filter.lastUsedBefore() != null || filter.neverUsed()) {
            sql.append(" LEFT JOIN token_last_use u ON u.token_id = t.token_id");
        }
        if (filter.organization() != null) {
            sql.append(" LEFT JOIN owner_organizations o ON o.owner = t.owner");
        }
        sql.append(" WHERE true");
        if (filter.owner() != null) {
            sql.append(" AND t.owner = $").append(add(params, filter.owner()));
        }
        switch (filter.state()) {
            case ACTIVE ->
                sql.append(" AND t.status = 'ACTIVE' AND t.expires_at > $").append(add(params, TokenRows.odt(now)));
            case EXPIRED ->
                sql.append(" AND t.status = 'ACTIVE' AND t.expires_at <= $").append(add(params, TokenRows.odt(now)));
            case REVOKED -> sql.append(" AND t.status = 'REVOKED'");
            case ALL -> {}
        }
        if (filter.organization() != null) {
            int o = add(params, filter.organization());
            sql.append(" AND ($")
                    .append(o)
                    .append(" = ANY(t.organizations) OR (t.all_organizations AND $")
                    .append(o)
                    .append(" = ANY(o.organizations)))");
        }
        if (filter.scope() != null) {
            sql.append(" AND $").append(add(params, filter.scope())).append(" = ANY(t.scopes)");
        }
        if (filter.expiringBefore() != null) {
            sql.append(" AND t.expires_at < $").append(add(params, TokenRows.odt(filter.expiringBefore())));
        }
        if (filter.lastUsedBefore() != null) {
            sql.append(" AND u.used_at < $").append(add(params, TokenRows.odt(filter.lastUsedBefore())));
        }
        if (filter.neverUsed()) {
            sql.append(" AND u.token_id IS NULL");
        }
        String cmp = descending ? "<" : ">";
        if (after != null) {
            sql.append(" AND (t.")
                    .append(sort.column)
                    .append(", t.token_id) ")
                    .append(cmp)
                    .append(" ($")
                    .append(add(params, after[0]))
                    .append(", $")
                    .append(add(params, after[1]))
                    .append(")");
        }
        String dir = descending ? " DESC" : " ASC";
        sql.append(" ORDER BY t.")
                .append(sort.column)
                .append(dir)
                .append(", t.token_id")
                .append(dir)
                .append(" LIMIT ")
                .append(limit + 1);
        return client.preparedQuery(sql.toString())
                .execute(Tuple.from(params))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    List<Token> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(TokenRows.toToken(r));
                    }
                    if (items.size() <= limit) {
                        return new Page(items, null);
                    }
                    items = items.subList(0, limit);
                    Token last = items.get(limit - 1);
                    Object key = switch (sort) {
                        case NAME -> last.name();
                        case CREATED -> TokenRows.odt(last.createdAt());
                        case EXPIRES -> TokenRows.odt(last.expiresAt());
                    };
                    return new Page(items, new Object[] {key, last.tokenId()});
                });
    }

    public Uni<List<HistoryEntry>> history(UUID tokenId) {
        return client.preparedQuery("SELECT event_id, version, type, occurred_at, actor_kind, actor_id, payload "
                        + "FROM rm_token_event WHERE token_id = $1 ORDER BY version")
                .execute(Tuple.of(tokenId))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    List<HistoryEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new HistoryEntry(
                                r.getUUID("event_id"),
                                r.getLong("version"),
                                r.getString("type"),
                                r.getOffsetDateTime("occurred_at").toInstant(),
                                r.getString("actor_kind"),
                                r.getString("actor_id"),
                                (JsonObject) r.getValue("payload")));
                    }
                    return out;
                });
    }

    public Uni<RecordOutcome> outcomeOf(UUID firstEventId) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM rm_token_event WHERE event_id = $1), "
                        + "EXISTS (SELECT 1 FROM rm_rejected_record WHERE event_id = $1)")
                .execute(Tuple.of(firstEventId))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return r.getBoolean(0)
                            ? RecordOutcome.APPLIED
                            : r.getBoolean(1) ? RecordOutcome.REJECTED : RecordOutcome.UNKNOWN;
                });
    }

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }
}
