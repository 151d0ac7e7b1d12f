package dev.patrol.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.patrol.domain.Approval;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** Mapping between {@link Token} and an {@code rm_token} row. Arrays are stored sorted: rows are deterministic. */
public final class TokenRows {

    public static final String COLUMNS = "token_id, family_id, owner, name, scopes, all_organizations, organizations, "
            + "secret_hash, display_hint, created_at, expires_at, status, revoked_at, revoke_reason, version, expiry_emails, "
            + "allowed_networks, cut_from, approvals, justification, widened_at";

    private TokenRows() {}

    /** {@link #COLUMNS} qualified with a table alias, for joins. */
    public static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(", "))
                .map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public static Token toToken(Row r) {
        boolean all = r.getBoolean("all_organizations");
        Set<String> orgs = Set.of(r.getArrayOfStrings("organizations"));
        String reason = r.getString("revoke_reason");
        return new Token(
                r.getUUID("token_id"),
                r.getUUID("family_id"),
                r.getString("owner"),
                r.getString("name"),
                Set.of(r.getArrayOfStrings("scopes")),
                all ? OrganizationBinding.allOrganizations() : OrganizationBinding.of(orgs),
                r.getString("secret_hash"),
                r.getString("display_hint"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("expires_at")),
                TokenStatus.valueOf(r.getString("status")),
                instant(r.getOffsetDateTime("revoked_at")),
                reason == null ? null : RevokeReason.valueOf(reason),
                r.getLong("version"),
                r.getBoolean("expiry_emails"),
                List.of(r.getArrayOfStrings("allowed_networks")),
                Set.of(r.getArrayOfStrings("cut_from")),
                approvals(r.getJsonObject("approvals")),
                r.getString("justification"),
                instant(r.getOffsetDateTime("widened_at")));
    }

    public static String[] sorted(Set<String> values) {
        String[] a = values.toArray(String[]::new);
        Arrays.sort(a);
        return a;
    }

    public static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** A token's approvals as the {@code approvals} column holds them, keys sorted: rows are deterministic. */
    static String approvalsJson(Map<String, Approval> approvals) {
        JsonObject json = new JsonObject();
        approvals.forEach((org, a) -> json.put(
                org,
                new JsonObject()
                        .put("scopes", new JsonArray(List.of(sorted(a.scopes()))))
                        .put("until", a.until().toString())
                        .put("networks", new JsonArray(a.networks()))
                        .put("at", a.at().toString())
                        .put("by", a.by())));
        return json.encode();
    }

    private static Map<String, Approval> approvals(JsonObject json) {
        Map<String, Approval> out = new TreeMap<>();
        if (json != null) {
            for (String org : json.fieldNames()) {
                JsonObject a = json.getJsonObject(org);
                Set<String> scopes = new TreeSet<>();
                a.getJsonArray("scopes").forEach(x -> scopes.add((String) x));
                List<String> networks = new java.util.ArrayList<>();
                a.getJsonArray("networks").forEach(x -> networks.add((String) x));
                out.put(
                        org,
                        new Approval(
                                scopes,
                                Instant.parse(a.getString("until")),
                                networks,
                                Instant.parse(a.getString("at")),
                                a.getString("by")));
            }
        }
        return out;
    }
}
