package dev.patrol.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.ExistingTokens;
import dev.patrol.domain.Policies;
import dev.patrol.domain.Policy;
import dev.patrol.domain.PolicyRules;
import dev.patrol.domain.PolicyScope;
import dev.patrol.domain.PolicyState;
import dev.patrol.domain.Rejection;
import dev.patrol.domain.SetPolicyCommand;
import dev.patrol.policy.PolicyLog;
import dev.patrol.write.GovernanceCommands;
import dev.patrol.write.PolicyCommandHandler;
import io.smallrye.mutiny.Uni;

/**
 * Governance policies, global and per organization (docs/governance.md). A change is an event on the
 * policy topic with the administrator as actor; the history is kept. Central administrators
 * set any policy; an organization's own administrators ({@code org-admin:NAME}) read and set NAME's,
 * and may only tighten the global policy there.
 */
@ApplicationScoped
public class PolicyService {

    /** Longest organization name a policy may be set for. */
    private static final int MAX_ORGANIZATION_LENGTH = 200;

    @Inject
    PolicyLog log;

    @Inject
    PolicyCommandHandler handler;

    @Inject
    GovernanceCommands governance;

    @Inject
    Caller caller;

    /**
     * The policy of {@code organization}, or the global one when it is null. An organization's
     * administrators read theirs; central administrators every one.
     */
    public Outcome<PolicyView> current(String organization) {
        Refusal refused = caller.mayGovern(organization);
        if (refused != null) {
            return Outcome.refused(refused);
        }
        Outcome<PolicyScope> scope = scope(organization);
        if (!(scope instanceof Outcome.Done<PolicyScope> s)) {
            return scope.map(x -> null);
        }
        Policies policies = log.current();
        if (policies == null) {
            return Outcome.refused(notLoaded());
        }
        PolicyState state = policies.states().get(s.value());
        return Outcome.done(
                state == null
                        ? new PolicyView(
                                s.value().toString(), 0, null, null, null, PolicyDocument.of(Policy.NONE), null)
                        : PolicyView.of(state));
    }

    /** Every policy change, oldest first: who, when, and the policy it set. */
    public Outcome<List<PolicyView>> history() {
        if (log.current() == null) {
            return Outcome.refused(notLoaded());
        }
        return Outcome.done(
                log.history().stream().map(e -> PolicyView.of(e, null)).toList());
    }

    /**
     * Replaces the policy of {@code organization} (null: the global one).
     *
     * @param ifMatch the version it replaces ({@code "3"} or {@code 3}); null replaces whatever is there
     */
    public Uni<Outcome<PolicyView>> set(String organization, String ifMatch, PolicyDocument body) {
        Refusal refused = caller.mayGovern(organization);
        if (refused != null) {
            return Outcome.refusedNow(refused);
        }
        Outcome<PolicyScope> scope = scope(organization);
        if (!(scope instanceof Outcome.Done<PolicyScope> s)) {
            return Uni.createFrom().item(scope.map(x -> null));
        }
        if (body == null) {
            return Outcome.refusedNow(Refusal.badRequest("a JSON body is required"));
        }
        Long expected;
        try {
            expected = ifMatch == null
                    ? null
                    : Long.parseLong(ifMatch.replace("\"", "").strip());
        } catch (NumberFormatException e) {
            return Outcome.refusedNow(Refusal.badRequest("If-Match must be a policy version"));
        }
        Policy policy;
        try {
            policy = body.toPolicy();
        } catch (IllegalArgumentException e) {
            return Outcome.refusedNow(Refusal.invalid(
                    e.getMessage(),
                    switch (e.getMessage()) {
                        case "existingTokens" -> "one of keep, refuse, revoke";
                        case "approval" -> "required or none";
                        default -> "must not contain null";
                    }));
        }
        if (!caller.isAdmin()) {
            // An organization's own administrators may only tighten what the central ones decided.
            Policies policies = log.current();
            if (policies == null) {
                return Outcome.refusedNow(notLoaded());
            }
            PolicyState global = policies.states().get(PolicyScope.GLOBAL);
            Rejection loosening = PolicyRules.loosening(policy, global == null ? Policy.NONE : global.policy());
            if (loosening != null) {
                return Outcome.refusedNow(Refusal.of(loosening));
            }
        }
        return handler.handle(new SetPolicyCommand(s.value(), policy, expected, caller.asAdmin()))
                .chain(result -> switch (result) {
                    case PolicyCommandHandler.Result.Applied applied -> {
                        Uni<Integer> revoked = policy.existingTokensOrKeep() == ExistingTokens.REVOKE
                                ? governance.revokeViolators(log.current()).map(t -> t.revoked())
                                : Uni.createFrom().nullItem();
                        yield revoked.map(n -> Outcome.done(PolicyView.of(applied.event(), n)))
                                .onFailure()
                                .recoverWithItem(e -> Outcome.refused(Refusal.unavailable(
                                        "the policy is set, but revoking the tokens it forbids did not finish; "
                                                + "they are refused meanwhile. Set the policy again to finish.")));
                    }
                    case PolicyCommandHandler.Result.Rejected rejected -> {
                        Rejection r = rejected.rejection();
                        yield Outcome.refusedNow(
                                r.kind() == Rejection.Kind.CONFLICT
                                        ? Refusal.conflict(r.detail())
                                        : Refusal.invalid(r.field(), r.detail()));
                    }
                    case PolicyCommandHandler.Result.Unknown unknown ->
                        Outcome.refusedNow(Refusal.outcomeUnknown(unknown.eventId()));
                });
    }

    private static Outcome<PolicyScope> scope(String organization) {
        if (organization == null) {
            return Outcome.done(PolicyScope.GLOBAL);
        }
        if (organization.isBlank()
                || organization.length() > MAX_ORGANIZATION_LENGTH
                || organization.codePoints().anyMatch(Character::isISOControl)) {
            return Outcome.refused(Refusal.invalid("organization", "not an organization name"));
        }
        return Outcome.done(PolicyScope.organization(organization));
    }

    private static Refusal notLoaded() {
        return Refusal.unavailable("policies are not loaded yet");
    }
}
