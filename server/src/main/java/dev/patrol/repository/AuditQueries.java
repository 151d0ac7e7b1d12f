package dev.patrol.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The token history as auditors query it: every applied event, newest first, with filters. */
@ApplicationScoped
public class AuditQueries {

    /**
     * Which events; every field optional (null: any). {@code withinOrganizations} confines the
     * audit to tokens of those organizations (an organization administrator's view).
     */
    public record Filter(
            String owner,
            UUID tokenId,
            String organization,
            Set<String> withinOrganizations,
            String type,
            String actorId,
            String actorKind,
            String clientIp,
            Instant from,
            Instant to) {}

    /** One applied event as the audit shows it. */
    public record Entry(
            UUID eventId,
            UUID tokenId,
            String owner,
            String type,
            long version,
            Instant occurredAt,
            String actorKind,
            String actorId,
            String clientIp,
            String userAgent,
            String reason,
            String note) {}

    /** A page, and the key of its last entry (null at the end). */
    public record Page(List<Entry> entries, Object[] lastKey) {}

    @Inject
    Pool client;

    public Uni<Page> page(Filter f, int limit, Object[] after) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(
                "SELECT e.event_id, e.token_id, t.owner, e.type, e.version, e.occurred_at, "
                        + "e.actor_kind, e.actor_id, e.payload->'actor'->>'clientIp' AS client_ip, "
                        + "e.payload->'actor'->>'userAgent' AS user_agent, e.payload->>'reason' AS reason, "
                        + "e.payload->>'note' AS note FROM rm_token_event e JOIN rm_token t ON t.token_id = e.token_id");
        if (f.organization() != null || f.withinOrganizations() != null) {
            sql.append(" LEFT JOIN owner_organizations o ON o.owner = t.owner");
        }
        sql.append(" WHERE true");
        condition(sql, params, "t.owner = $", f.owner());
        condition(sql, params, "e.token_id = $", f.tokenId());
        condition(sql, params, "e.type = $", f.type());
        condition(sql, params, "e.actor_id = $", f.actorId());
        condition(sql, params, "e.actor_kind = $", f.actorKind());
        condition(sql, params, "e.payload->'actor'->>'clientIp' = $", f.clientIp());
        condition(sql, params, "e.occurred_at >= $", TokenRows.odt(f.from()));
        condition(sql, params, "e.occurred_at < $", TokenRows.odt(f.to()));
        if (f.organization() != null) {
            params.add(f.organization());
            int o = params.size();
            sql.append(" AND ($")
                    .append(o)
                    .append(" = ANY(t.organizations) OR (t.all_organizations AND $")
                    .append(o)
                    .append(" = ANY(o.organizations)))");
        }
        if (f.withinOrganizations() != null) {
            params.add(f.withinOrganizations().toArray(String[]::new));
            int o = params.size();
            sql.append(" AND (t.organizations && $")
                    .append(o)
                    .append("::text[] OR (t.all_organizations AND o.organizations && $")
                    .append(o)
                    .append("::text[]))");
        }
        if (after != null) {
            params.add(after[0]);
            params.add(after[1]);
            sql.append(" AND (e.occurred_at, e.event_id) < ($")
                    .append(params.size() - 1)
                    .append(", $")
                    .append(params.size())
                    .append(")");
        }
        sql.append(" ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT ").append(limit + 1);
        return client.preparedQuery(sql.toString())
                .execute(Tuple.from(params))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    List<Entry> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Entry(
                                r.getUUID("event_id"),
                                r.getUUID("token_id"),
                                r.getString("owner"),
                                r.getString("type"),
                                r.getLong("version"),
                                r.getOffsetDateTime("occurred_at").toInstant(),
                                r.getString("actor_kind"),
                                r.getString("actor_id"),
                                r.getString("client_ip"),
                                r.getString("user_agent"),
                                r.getString("reason"),
                                r.getString("note")));
                    }
                    if (out.size() <= limit) {
                        return new Page(out, null);
                    }
                    out = out.subList(0, limit);
                    Entry last = out.get(limit - 1);
                    return new Page(out, new Object[] {TokenRows.odt(last.occurredAt()), last.eventId()});
                });
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            params.add(value);
            sql.append(" AND ").append(clause).append(params.size());
        }
    }
}
