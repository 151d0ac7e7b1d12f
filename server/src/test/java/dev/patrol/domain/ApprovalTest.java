package dev.patrol.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.patrol.domain.CutFromOrganizationTest.OLIVIA;
import static dev.patrol.domain.CutFromOrganizationTest.issued;
import static dev.patrol.domain.TokenDeciderTest.ALICE;
import static dev.patrol.domain.TokenDeciderTest.CTX;
import static dev.patrol.domain.TokenDeciderTest.ID;
import static dev.patrol.domain.TokenDeciderTest.NOW;
import static dev.patrol.domain.TokenDeciderTest.events;
import static dev.patrol.domain.TokenDeciderTest.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An approval covers a token as the approver saw it: widening it or extending it needs another; a regeneration does not. */
class ApprovalTest {

    static Token apply(Token token, TokenCommand command) {
        Token t = token;
        for (TokenEvent e : events(TokenDecider.decide(token, command, CTX))) {
            t = TokenEvolver.apply(t, e);
        }
        return t;
    }

    static Token approved() {
        return apply(
                issued(OrganizationBinding.allOrganizations()),
                new ApproveTokenInOrganizationCommand(ID, "acme", null, OLIVIA));
    }

    @Test
    void anApprovalRecordsWhatTheApproverSawAndOnlyAnAdministratorGivesIt() {
        Token token = approved();
        assertTrue(token.approvedIn("acme"));
        assertFalse(token.approvedIn("globex"));
        assertEquals(Set.of("code:read"), token.approvals().get("acme").scopes());
        assertEquals(token.expiresAt(), token.approvals().get("acme").until());
        assertEquals("olivia", token.approvals().get("acme").by());
        assertEquals(
                List.of(),
                events(TokenDecider.decide(
                        token, new ApproveTokenInOrganizationCommand(ID, "acme", null, OLIVIA), CTX)));
        assertEquals(
                Rejection.Kind.NOT_FOUND,
                rejection(TokenDecider.decide(
                                token, new ApproveTokenInOrganizationCommand(ID, "globex", null, ALICE), CTX))
                        .kind());
    }

    @Test
    void wideningTheScopesOrExtendingTheExpiryNeedsApprovalAgainButARegenerationDoesNot() {
        Token token = approved();
        Token widened = apply(token, new ChangeTokenScopesCommand(ID, Set.of("code:read", "code:write"), null, ALICE));
        assertFalse(widened.approvedIn("acme"));
        Token narrowedBack = apply(widened, new ChangeTokenScopesCommand(ID, Set.of("code:read"), null, ALICE));
        assertTrue(narrowedBack.approvedIn("acme"), "back within what was approved");

        Token bound = apply(token, new ChangeTokenNetworksCommand(ID, List.of("10.0.0.0/8"), ALICE));
        assertTrue(bound.approvedIn("acme"), "narrower networks");
        Token approvedBound = apply(
                apply(
                        issued(OrganizationBinding.allOrganizations()),
                        new ChangeTokenNetworksCommand(ID, List.of("10.0.0.0/8"), ALICE)),
                new ApproveTokenInOrganizationCommand(ID, "acme", null, OLIVIA));
        assertEquals(
                List.of("10.0.0.0/8"), approvedBound.approvals().get("acme").networks());
        assertFalse(
                apply(approvedBound, new ChangeTokenNetworksCommand(ID, List.of("10.0.0.0/8", "192.0.2.0/24"), ALICE))
                        .approvedIn("acme"),
                "wider networks than approved");

        Token extended =
                apply(token, new ChangeTokenExpiryCommand(ID, token.expiresAt().plus(Duration.ofDays(1)), ALICE));
        assertFalse(extended.approvedIn("acme"));
        Token shortened =
                apply(token, new ChangeTokenExpiryCommand(ID, token.expiresAt().minus(Duration.ofDays(1)), ALICE));
        assertTrue(shortened.approvedIn("acme"));

        Token regenerated = apply(
                token,
                new RegenerateTokenCommand(ID, "hash2", "ptl_...efgh", ALICE, false, NOW.plus(Duration.ofDays(60))));
        assertEquals(NOW.plus(Duration.ofDays(60)), regenerated.expiresAt());
        assertTrue(regenerated.approvedIn("acme"), "a regeneration's new expiry carries the approval over");
        Token regeneratedAfterExtension = apply(
                extended,
                new RegenerateTokenCommand(ID, "hash2", "ptl_...efgh", ALICE, false, NOW.plus(Duration.ofDays(60))));
        assertFalse(regeneratedAfterExtension.approvedIn("acme"), "no laundering of an unapproved extension");
    }

    @Test
    void aTokenIsPendingWhereTheRuleHoldsUnlessItWasKeptFromBeforeTheRule() {
        Instant since = NOW;
        PolicyState acme = new PolicyState(
                PolicyScope.organization("acme"),
                new Policy(null, null, null, null, null, null, null, null, true, null),
                1,
                since,
                OLIVIA);
        Policies keep = new Policies(Map.of(acme.scope(), acme));
        assertTrue(keep.approvals());
        assertTrue(keep.pendingIn("acme", since, false));
        assertFalse(keep.pendingIn("acme", since, true), "approved");
        assertFalse(keep.pendingIn("acme", since.minusSeconds(1), false), "made before the rule: kept");
        assertFalse(keep.pendingIn("globex", since, false), "no rule there");
        PolicyState refusing = new PolicyState(
                acme.scope(),
                new Policy(null, null, null, null, null, null, null, ExistingTokens.REFUSE, true, null),
                2,
                since,
                OLIVIA);
        assertTrue(new Policies(Map.of(acme.scope(), refusing)).pendingIn("acme", since.minusSeconds(1), false));
        // The rule held since its first event: changing another rule later does not move that.
        PolicySetEvent later = new PolicySetEvent(
                java.util.UUID.randomUUID(), "organization:acme", 2, since.plusSeconds(60), OLIVIA, acme.policy());
        assertEquals(since, PolicyState.apply(acme, later).approvalSince());
    }

    @Test
    void anOrganizationsNetworksAreItsPolicysOverTheGlobalOnes() {
        PolicyState global = new PolicyState(
                PolicyScope.GLOBAL,
                new Policy(null, null, null, null, null, null, null, null, null, List.of("10.0.0.0/8")),
                1,
                NOW,
                OLIVIA);
        PolicyState acme = new PolicyState(
                PolicyScope.organization("acme"),
                new Policy(null, null, null, null, null, null, null, null, null, List.of("10.1.0.0/16")),
                1,
                NOW,
                OLIVIA);
        Policies policies = new Policies(Map.of(global.scope(), global, acme.scope(), acme));
        assertTrue(policies.globalNetworks().allows("10.2.0.1"));
        assertFalse(policies.globalNetworks().allows("127.0.0.1"));
        assertFalse(policies.networksIn("acme").allows("10.2.0.1"));
        assertTrue(policies.networksIn("acme").allows("10.1.0.1"));
        assertTrue(policies.networksIn("globex").allows("10.2.0.1"), "no policy of its own: the global one");
        assertTrue(Policies.NONE.networksIn("acme").anywhere());
    }

    @Test
    void aTokenKeptFromBeforeTheRuleNeedsApprovalOnceItGainsPowerAfterIt() {
        Instant since = NOW.plusSeconds(60);
        PolicyState acme = new PolicyState(
                PolicyScope.organization("acme"),
                new Policy(null, null, null, null, null, null, null, null, true, null),
                1,
                since,
                OLIVIA);
        Policies policies = new Policies(Map.of(acme.scope(), acme));
        Token kept = issued(OrganizationBinding.allOrganizations());
        assertFalse(
                policies.pendingIn("acme", kept.widenedOrCreatedAt(), kept.approvedIn("acme")), "made before the rule");

        DecisionContext later = new DecisionContext(
                NOW.plusSeconds(120), TokenDeciderTest.POLICY, Set.of("acme", "globex"), java.util.UUID::randomUUID);
        Token narrowed = TokenEvolver.apply(
                kept,
                events(TokenDecider.decide(
                                kept,
                                new ChangeTokenExpiryCommand(
                                        ID, kept.expiresAt().minusSeconds(1), ALICE),
                                later))
                        .get(0));
        assertFalse(policies.pendingIn("acme", narrowed.widenedOrCreatedAt(), false), "a shorter life gains nothing");
        Token widened = TokenEvolver.apply(
                kept,
                events(TokenDecider.decide(
                                kept,
                                new ChangeTokenScopesCommand(ID, Set.of("code:read", "code:write"), null, ALICE),
                                later))
                        .get(0));
        assertEquals(NOW.plusSeconds(120), widened.widenedAt());
        assertTrue(policies.pendingIn("acme", widened.widenedOrCreatedAt(), false), "widened after the rule");
    }
}
