package dev.patrol.repository;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenApprovedInOrganizationEvent;
import dev.patrol.domain.TokenCutFromOrganizationEvent;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenRevokedEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The notices an applied batch owes token owners (docs/notices.md): a revocation they did not make
 * themselves (an administrator, a leak report, a policy, reuse detection, the identity provider),
 * a token cut from (or denied in) an organization by an administrator, or approved there, and a token created with {@code full_access} or for all organizations. Written with the batch;
 * ids derive from the event, so a replay creates nothing twice.
 */
final class SecurityNotices {

    static final String REVOKED = "patrol.token.revoked";
    static final String BROAD = "patrol.token.created-with-broad-access";
    static final String CUT = "patrol.token.cut-from-organization";
    static final String APPROVED = "patrol.token.approved-in-organization";

    private SecurityNotices() {}

    /** Rows for {@code token_notice}: id, token, owner, type, dedupe key, time, data. */
    static List<Tuple> of(ReadModelChanges fold) {
        List<Tuple> out = new ArrayList<>();
        for (ReadModelChanges.Applied a : fold.applied) {
            TokenEvent e = a.event();
            Token token = fold.changed.get(e.tokenId());
            if (token == null) {
                continue;
            }
            if (e instanceof TokenRevokedEvent r && r.reason() != RevokeReason.OWNER) {
                JsonObject data = data(token)
                        .put(
                                "reason",
                                r.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .put("note", r.note())
                        .put("actorKind", r.actor().kind().name())
                        .put("actorId", r.actor().id())
                        .put("revokedAt", r.occurredAt().toString());
                out.add(row(e, token, REVOKED, data));
            } else if (e instanceof TokenCutFromOrganizationEvent c) {
                JsonObject data = data(token)
                        .put("organization", c.organization())
                        .put("note", c.note())
                        .put("actorKind", c.actor().kind().name())
                        .put("actorId", c.actor().id())
                        .put("cutAt", c.occurredAt().toString());
                out.add(row(e, token, CUT, data));
            } else if (e instanceof TokenApprovedInOrganizationEvent ap) {
                JsonObject data = data(token)
                        .put("organization", ap.organization())
                        .put("note", ap.note())
                        .put("actorKind", ap.actor().kind().name())
                        .put("actorId", ap.actor().id())
                        .put("approvedAt", ap.occurredAt().toString());
                out.add(row(e, token, APPROVED, data));
            } else if (e instanceof TokenIssuedEvent i
                    && (i.organizations().all() || i.scopes().contains(ScopeCatalogue.FULL_ACCESS))) {
                JsonArray broad = new JsonArray();
                if (i.scopes().contains(ScopeCatalogue.FULL_ACCESS)) {
                    broad.add("full_access");
                }
                if (i.organizations().all()) {
                    broad.add("all organizations");
                }
                out.add(row(e, token, BROAD, data(token).put("broadAccess", broad)));
            }
        }
        return out;
    }

    private static Tuple row(TokenEvent e, Token token, String type, JsonObject data) {
        return Tuple.from(new Object[] {
            UUID.nameUUIDFromBytes(("notice:" + e.eventId()).getBytes(StandardCharsets.UTF_8)),
            token.tokenId(),
            token.owner(),
            type,
            "event:" + e.eventId(),
            TokenRows.odt(e.occurredAt()),
            data
        });
    }

    private static JsonObject data(Token t) {
        return new JsonObject()
                .put("tokenId", t.tokenId().toString())
                .put("owner", t.owner())
                .put("name", t.name())
                .put("scopes", new JsonArray(List.of(TokenRows.sorted(t.scopes()))))
                .put("allOrganizations", t.organizations().all())
                .put(
                        "organizations",
                        new JsonArray(List.of(TokenRows.sorted(t.organizations().named()))))
                .put("expiresAt", t.expiresAt().toString());
    }
}
