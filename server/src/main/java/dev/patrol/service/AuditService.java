package dev.patrol.service;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.repository.AuditQueries;
import dev.patrol.repository.TokenQueries.SortKey;
import io.smallrye.mutiny.Uni;

/**
 * Who did what to which token, for auditors: every applied event, newest first, filtered and paged
 * (docs/governance.md). Administrators see every token; an organization administrator (role
 * {@code org-admin:NAME}) the tokens of their organizations only; anyone else is refused.
 */
@ApplicationScoped
public class AuditService {

    /** Largest page as JSON, and as a CSV download. */
    public static final int MAX_PAGE = 100, MAX_DOWNLOAD = 10_000;

    @Inject
    AuditQueries audit;

    @Inject
    Caller caller;

    /** @param download a CSV download: larger pages, all of them by default */
    public Uni<Outcome<AuditPage>> page(AuditQuery q, boolean download) {
        int max = download ? MAX_DOWNLOAD : MAX_PAGE;
        int size = q.limit() == null ? (download ? MAX_DOWNLOAD : 20) : q.limit();
        Set<String> within = caller.isAdmin() ? null : caller.administeredOrganizations();
        if (within != null && within.isEmpty()) {
            return Outcome.refusedNow(Refusal.forbidden("you may not do this"));
        }
        String organization = GovernanceService.blankToNull(q.organization());
        Refusal elsewhere = within != null && organization != null ? caller.mayGovern(organization) : null;
        if (elsewhere != null) {
            return Outcome.refusedNow(elsewhere);
        }
        AuditQueries.Filter filter;
        Object[] after;
        try {
            if (size < 1 || size > max) {
                throw new ListRequest.BadParameter("limit", "between 1 and " + max);
            }
            UUID tokenId = null;
            if (GovernanceService.blankToNull(q.token()) != null) {
                try {
                    tokenId = UUID.fromString(q.token().strip());
                } catch (IllegalArgumentException e) {
                    throw new ListRequest.BadParameter("token", "a token id");
                }
            }
            String kind = GovernanceService.blankToNull(q.actorKind());
            kind = kind == null ? null : kind.toUpperCase(Locale.ROOT);
            if (kind != null && !List.of("USER", "ADMIN", "SYSTEM", "HOLDER").contains(kind)) {
                throw new ListRequest.BadParameter("actorKind", "user, admin, system or holder");
            }
            filter = new AuditQueries.Filter(
                    GovernanceService.blankToNull(q.owner()),
                    tokenId,
                    organization,
                    within,
                    GovernanceService.blankToNull(q.type()),
                    GovernanceService.blankToNull(q.actor()),
                    kind,
                    GovernanceService.blankToNull(q.clientIp()),
                    GovernanceService.instant("from", q.from()),
                    GovernanceService.instant("to", q.to()));
            try {
                after = q.cursor() == null ? null : Cursor.decode(q.cursor(), SortKey.CREATED, true);
            } catch (IllegalArgumentException e) {
                throw new ListRequest.BadParameter("cursor", "the nextCursor of a previous page");
            }
        } catch (ListRequest.BadParameter e) {
            return Outcome.refusedNow(e.refusal);
        }
        return audit.page(filter, size, after)
                .map(page -> Outcome.done(new AuditPage(
                        page.entries(),
                        page.lastKey() == null ? null : Cursor.encode(SortKey.CREATED, true, page.lastKey()))));
    }
}
