package dev.patrol.service;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.leak.LeakReports;
import dev.patrol.repository.RefusedUses;
import dev.patrol.repository.TokenQueries;
import dev.patrol.write.GovernanceCommands;
import dev.patrol.write.TokenCommandHandler;
import io.smallrye.mutiny.Uni;

/**
 * Administrators govern anyone's tokens: list them, revoke one, revoke all of a person's
 * (offboarding), see the leak findings. Every revocation is its own event with the administrator as
 * actor and their reason as the note the owner sees. Callers check the administrator role.
 */
@ApplicationScoped
public class GovernanceService {

    /** Longest reason an administrator may give. */
    private static final int MAX_REASON = 500;

    @Inject
    TokenQueries queries;

    @Inject
    TokenCommandHandler handler;

    @Inject
    GovernanceCommands governance;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    LeakReports leakReports;

    @Inject
    RefusedUses refusedUses;

    /** A page of anyone's tokens, each naming its owner. */
    public Uni<Outcome<TokenPage>> list(AdminTokenQuery q) {
        ListRequest request;
        TokenQueries.Filter filter;
        try {
            request = ListRequest.parse(q.state(), q.sort(), q.order(), q.limit(), q.cursor());
            Instant expiring = instant("expiringBefore", q.expiringBefore());
            Instant lastUsed = instant("lastUsedBefore", q.lastUsedBefore());
            if (q.neverUsed() != null
                    && !q.neverUsed().equals("true")
                    && !q.neverUsed().equals("false")) {
                throw new ListRequest.BadParameter("neverUsed", "true or false");
            }
            filter = new TokenQueries.Filter(
                    blankToNull(q.owner()),
                    request.state(),
                    blankToNull(q.organization()),
                    blankToNull(q.scope()),
                    expiring,
                    lastUsed,
                    "true".equals(q.neverUsed()));
        } catch (ListRequest.BadParameter e) {
            return Outcome.refusedNow(e.refusal);
        }
        return request.page(queries, filter, clock.instant(), true).map(Outcome::done);
    }

    /** Revokes anyone's token; the owner sees who did it and {@code reason}. */
    public Uni<Outcome<Object>> revoke(String id, String reason) {
        UUID tokenId = TokenService.parseId(id);
        if (tokenId == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        if (reason == null || reason.isBlank()) {
            return Outcome.refusedNow(Refusal.invalid("reason", "say why the token is revoked"));
        }
        var command = new RevokeTokenCommand(tokenId, RevokeReason.ADMIN, reason, caller.asAdmin());
        return handler.handle(tokenId, List.of(command), caller.organizations())
                .map(r -> Outcome.of(r).map(t -> null));
    }

    /** Revokes every token of {@code subject} (offboarding); answers how many. */
    public Uni<Outcome<Integer>> revokeAll(String subject, String reason) {
        if (subject == null || subject.isBlank()) {
            return Outcome.refusedNow(Refusal.invalid("subject", "name the person"));
        }
        if (reason == null || reason.isBlank()) {
            return Outcome.refusedNow(Refusal.invalid("reason", "say why the tokens are revoked"));
        }
        if (reason.strip().length() > MAX_REASON) {
            return Outcome.refusedNow(Refusal.invalid("reason", "at most " + MAX_REASON + " characters"));
        }
        return governance
                .revokeAll(subject, RevokeReason.ADMIN, reason, caller.asAdmin())
                .map(tally -> tally.unconfirmed() == 0
                        ? Outcome.done(tally.revoked())
                        : Outcome.refused(Refusal.unavailable(tally.revoked() + " tokens revoked, "
                                + tally.unconfirmed() + " not confirmed in time; call again to finish")));
    }

    /** The newest {@code limit} (default 50) leak findings about anyone's tokens. */
    public Uni<Outcome<List<LeakFindingView>>> leaks(Integer limit) {
        return newest(limit, leakReports::newest, LeakFindingView::of);
    }

    /** The newest {@code limit} (default 50) uses of anyone's tokens refused for where they came from. */
    public Uni<Outcome<List<RefusedUseView>>> refusals(Integer limit) {
        return newest(limit, refusedUses::newest, RefusedUseView::of);
    }

    private static <R, V> Uni<Outcome<List<V>>> newest(
            Integer limit, IntFunction<Uni<List<R>>> rows, Function<R, V> view) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > ListRequest.MAX_LIMIT) {
            return Outcome.refusedNow(Refusal.badParameter("limit", "between 1 and " + ListRequest.MAX_LIMIT));
        }
        return rows.apply(size)
                .map(found -> Outcome.done(found.stream().map(view).toList()));
    }

    static Instant instant(String name, String value) throws ListRequest.BadParameter {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ListRequest.BadParameter(name, "an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
