package dev.patrol.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Governance policies as the decider and validation apply them: pure, no framework. */
class PolicyRulesTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final TokenPolicy CONFIG = new TokenPolicy(
            new ScopeCatalogue(Set.of("code:read", "code:write")), Duration.ofDays(30), Duration.ofDays(365), 100);
    static final Actor ALICE = Actor.user("alice", null, null);
    static final Actor ROOT = Actor.admin("root", null, null);
    static final OrganizationBinding ACME = OrganizationBinding.of(Set.of("acme"));
    static final OrganizationBinding ACME_GLOBEX = OrganizationBinding.of(Set.of("acme", "globex"));

    static Policy policy(Integer maxDays, Boolean allowAll, Boolean allowFull, Set<String> scopes, Integer maxActive) {
        return new Policy(maxDays, null, allowAll, allowFull, scopes, maxActive, null, null);
    }

    static Policies policies(Object... scopeAndPolicy) {
        Map<PolicyScope, PolicyState> states = new HashMap<>();
        for (int i = 0; i < scopeAndPolicy.length; i += 2) {
            PolicyScope scope = (PolicyScope) scopeAndPolicy[i];
            states.put(scope, new PolicyState(scope, (Policy) scopeAndPolicy[i + 1], 1, NOW.minusSeconds(60), ROOT));
        }
        return new Policies(states);
    }

    static Decision create(
            Policies p, Set<String> scopes, OrganizationBinding orgs, Instant expiresAt, Integer active) {
        DecisionContext ctx = new DecisionContext(NOW, CONFIG, Set.of("acme", "globex"), UUID::randomUUID, p, active);
        return TokenDecider.decide(
                null,
                new IssueTokenCommand(UUID.randomUUID(), "ci", scopes, orgs, expiresAt, "h", "hint", null, ALICE),
                ctx);
    }

    static Rejection refused(Decision d) {
        return assertInstanceOf(Decision.Rejected.class, d).rejection();
    }

    @Test
    void aLifetimeBeyondThePolicyMaximumIsRefusedNamingThePolicyAndTheLimit() {
        Policies p = policies(PolicyScope.GLOBAL, policy(90, null, null, null, null));
        Rejection r = refused(create(p, Set.of("code:read"), ACME, NOW.plus(Duration.ofDays(91)), 0));
        assertEquals(Rejection.Kind.POLICY, r.kind());
        assertEquals("global", r.policy());
        assertEquals("maxLifetimeDays = 90", r.limit());
        assertEquals("expiresAt", r.field());
        assertInstanceOf(
                Decision.Accepted.class, create(p, Set.of("code:read"), ACME, NOW.plus(Duration.ofDays(90)), 0));
    }

    @Test
    void withoutAnExpiryATokenGetsTheShortestDefaultWithinTheMaximum() {
        Policies p = policies(PolicyScope.GLOBAL, new Policy(10, null, null, null, null, null, null, null));
        TokenIssuedEvent e = (TokenIssuedEvent) ((Decision.Accepted) create(p, Set.of("code:read"), ACME, null, 0))
                .events()
                .get(0);
        assertEquals(NOW.plus(Duration.ofDays(10)), e.expiresAt());
    }

    @Test
    void allOrganizationsFullAccessAndUnlistedScopesAreRefusedWhereThePolicySaysSo() {
        Policies p = policies(PolicyScope.GLOBAL, policy(null, false, false, Set.of("code:read", "full_access"), null));
        assertEquals(
                "allowAllOrganizations = false",
                refused(create(p, Set.of("code:read"), OrganizationBinding.allOrganizations(), null, 0))
                        .limit());
        assertEquals(
                "allowFullAccess = false",
                refused(create(p, Set.of("full_access"), ACME, null, 0)).limit());
        Rejection scopes = refused(create(p, Set.of("code:write"), ACME, null, 0));
        assertEquals("scopes", scopes.field());
        assertEquals("allowedScopes = code:read,full_access", scopes.limit());
    }

    @Test
    void theMaximumOfActiveTokensCountsTheOwnersActiveTokens() {
        Policies p = policies(PolicyScope.GLOBAL, policy(null, null, null, null, 2));
        assertInstanceOf(Decision.Accepted.class, create(p, Set.of("code:read"), ACME, null, 1));
        assertEquals(
                "maxActiveTokensPerUser = 2",
                refused(create(p, Set.of("code:read"), ACME, null, 2)).limit());
    }

    @Test
    void exemptUsersEscapeCreationRestrictionsButNotLifetimeLimits() {
        Policy p = new Policy(30, null, false, false, null, 0, Set.of("alice"), null);
        Policies ps = policies(PolicyScope.GLOBAL, p);
        assertInstanceOf(
                Decision.Accepted.class,
                create(ps, Set.of("full_access"), OrganizationBinding.allOrganizations(), null, 5));
        assertEquals(
                "maxLifetimeDays = 30",
                refused(create(ps, Set.of("code:read"), ACME, NOW.plus(Duration.ofDays(31)), 0))
                        .limit());
    }

    @Test
    void aTokenOfSeveralOrganizationsObeysTheStrictestOfTheirPolicies() {
        Policies p = policies(
                PolicyScope.organization("acme"), policy(180, null, null, null, null),
                PolicyScope.organization("globex"), policy(60, null, null, null, null));
        Instant in90 = NOW.plus(Duration.ofDays(90));
        assertInstanceOf(Decision.Accepted.class, create(p, Set.of("code:read"), ACME, in90, 0));
        Rejection r = refused(create(p, Set.of("code:read"), ACME_GLOBEX, in90, 0));
        assertEquals("organization:globex", r.policy());
    }

    @Test
    void anOrganizationsRulesOverrideTheGlobalOnesWhereSet() {
        Policies p = policies(
                PolicyScope.GLOBAL,
                policy(30, null, false, null, null),
                PolicyScope.organization("acme"),
                policy(120, null, null, null, null));
        assertInstanceOf(
                Decision.Accepted.class, create(p, Set.of("code:read"), ACME, NOW.plus(Duration.ofDays(100)), 0));
        // acme inherits the global ban on all-organizations tokens; globex has no policy: the global one governs.
        assertEquals(
                "global",
                refused(create(p, Set.of("code:read"), ACME_GLOBEX, NOW.plus(Duration.ofDays(100)), 0))
                        .policy());
    }

    @Test
    void changingScopesOrExpiryObeysThePolicy() {
        Policies p = policies(PolicyScope.GLOBAL, policy(30, null, false, Set.of("code:read"), null));
        Token t = TokenEvolver.apply(
                null,
                ((Decision.Accepted) create(Policies.NONE, Set.of("code:read"), ACME, null, 0))
                        .events()
                        .get(0));
        DecisionContext ctx = new DecisionContext(NOW, CONFIG, Set.of("acme"), UUID::randomUUID, p, null);
        assertEquals(
                Rejection.Kind.POLICY,
                refused(TokenDecider.decide(
                                t, new ChangeTokenScopesCommand(t.tokenId(), Set.of("code:write"), null, ALICE), ctx))
                        .kind());
        assertEquals(
                "maxLifetimeDays = 30",
                refused(TokenDecider.decide(
                                t,
                                new ChangeTokenExpiryCommand(t.tokenId(), NOW.plus(Duration.ofDays(40)), ALICE),
                                ctx))
                        .limit());
    }

    @Test
    void existingTokensAreJudgedOnlyByPoliciesThatRefuseOrRevokeThem() {
        Policy keep = policy(30, null, false, null, null);
        Policy refuse = new Policy(30, null, false, null, null, null, null, ExistingTokens.REFUSE);
        Instant in60 = NOW.plus(Duration.ofDays(60));
        assertNull(PolicyRules.violation(
                "alice",
                Set.of("code:read"),
                ACME,
                in60,
                policies(PolicyScope.GLOBAL, keep).governing(ACME, null)));
        PolicyRules.Violation v = PolicyRules.violation(
                "alice",
                Set.of("code:read"),
                ACME,
                in60,
                policies(PolicyScope.GLOBAL, refuse).governing(ACME, null));
        assertNotNull(v);
        assertEquals(ExistingTokens.REFUSE, v.consequence());
        // Counted from when the policy took effect: 29 days from then is within 30.
        assertNull(PolicyRules.violation(
                "alice",
                Set.of("code:read"),
                ACME,
                NOW.plus(Duration.ofDays(29)),
                policies(PolicyScope.GLOBAL, refuse).governing(ACME, null)));
    }

    @Test
    void aPolicyThatMakesNoSenseIsRefused() {
        ScopeCatalogue catalogue = CONFIG.scopes();
        SetPolicyCommand bad = new SetPolicyCommand(
                PolicyScope.GLOBAL, new Policy(30, 60, null, null, null, null, null, null), null, ROOT);
        assertEquals(
                "defaultLifetimeDays",
                assertInstanceOf(
                                PolicyDecision.Rejected.class,
                                PolicyDecider.decide(null, bad, catalogue, NOW, UUID.randomUUID()))
                        .rejection()
                        .field());
        SetPolicyCommand stale = new SetPolicyCommand(PolicyScope.GLOBAL, Policy.NONE, 3L, ROOT);
        assertEquals(
                Rejection.Kind.CONFLICT,
                assertInstanceOf(
                                PolicyDecision.Rejected.class,
                                PolicyDecider.decide(null, stale, catalogue, NOW, UUID.randomUUID()))
                        .rejection()
                        .kind());
    }
}
