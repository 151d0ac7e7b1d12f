package dev.patrol.domain;

import java.util.List;
import java.util.Set;

import dev.patrol.edge.ValidToken;
import org.junit.jupiter.api.Test;

import static dev.patrol.domain.TokenDeciderTest.ALICE;
import static dev.patrol.domain.TokenDeciderTest.CTX;
import static dev.patrol.domain.TokenDeciderTest.ID;
import static dev.patrol.domain.TokenDeciderTest.events;
import static dev.patrol.domain.TokenDeciderTest.issue;
import static dev.patrol.domain.TokenDeciderTest.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An administrator cuts a token from one organization: it stops acting there and keeps its others. */
class CutFromOrganizationTest {

    static final Actor OLIVIA = Actor.admin("olivia", "10.0.0.9", "curl");

    static Token issued(OrganizationBinding orgs) {
        return TokenEvolver.apply(
                null,
                events(TokenDecider.decide(null, issue("ci", Set.of("code:read"), orgs, null), CTX))
                        .get(0));
    }

    static Decision cut(Token token, String organization, Actor actor) {
        return TokenDecider.decide(
                token, new CutTokenFromOrganizationCommand(ID, organization, " not here ", actor), CTX);
    }

    @Test
    void anAllOrganizationsTokenCutFromOneActsInTheOthersAndEveryCacheDropsIt() {
        Token before = issued(OrganizationBinding.allOrganizations());
        List<TokenEvent> events = events(cut(before, " acme ", OLIVIA));
        TokenCutFromOrganizationEvent e = (TokenCutFromOrganizationEvent) events.get(0);
        assertEquals("acme", e.organization());
        assertEquals("not here", e.note());
        assertEquals(OLIVIA, e.actor());
        assertEquals(before.version() + 1, e.version());

        Token after = TokenEvolver.apply(before, e);
        assertEquals(Set.of("acme"), after.cutFrom());
        ValidToken valid = ValidToken.of(after, Set.of("acme", "globex"));
        assertFalse(valid.allowsOrganization("acme"));
        assertTrue(valid.allowsOrganization("globex"));
        assertEquals(List.of("globex"), valid.effectiveOrganizations());
        assertEquals("globex", valid.text().organizations());

        Invalidation i = Invalidation.of(before, e);
        assertEquals("cut-from-organization", i.reason());
        assertEquals("acme", i.organization());
        assertTrue(i.narrowing());
        assertEquals(List.of(before.secretHash()), i.staleSecretHashes());
        assertEquals(List.of(), i.deadSecretHashes());
    }

    @Test
    void aTokenThatWouldActNowhereAfterTheCutIsToBeRevokedInstead() {
        Token acmeOnly = issued(OrganizationBinding.of(Set.of("acme")));
        assertEquals(
                Rejection.Kind.CONFLICT,
                rejection(cut(acmeOnly, "acme", OLIVIA)).kind());

        Token both = issued(OrganizationBinding.of(Set.of("acme", "globex")));
        Token cut = TokenEvolver.apply(both, events(cut(both, "acme", OLIVIA)).get(0));
        assertTrue(rejection(cut(cut, "globex", OLIVIA)).detail().contains("revoke it instead"));
        assertEquals(
                Rejection.Kind.CONFLICT, rejection(cut(both, "initech", OLIVIA)).kind(), "not bound there");
    }

    @Test
    void onlyAnAdministratorCutsOnceWithANamedOrganization() {
        Token token = issued(OrganizationBinding.allOrganizations());
        assertEquals(
                Rejection.Kind.NOT_FOUND, rejection(cut(token, "acme", ALICE)).kind(), "owners change bindings");
        assertEquals("organization", rejection(cut(token, " ", OLIVIA)).field());
        Token cut = TokenEvolver.apply(token, events(cut(token, "acme", OLIVIA)).get(0));
        assertEquals(List.of(), events(cut(cut, "acme", OLIVIA)), "cut already: nothing happens");
    }

    @Test
    void theOwnerCannotBindATokenAgainToAnOrganizationItWasCutFrom() {
        Token both = issued(OrganizationBinding.of(Set.of("acme", "globex")));
        Token cut = TokenEvolver.apply(both, events(cut(both, "acme", OLIVIA)).get(0));
        Rejection r = rejection(TokenDecider.decide(
                cut,
                new ChangeTokenScopesCommand(ID, null, OrganizationBinding.of(Set.of("acme", "globex")), ALICE),
                CTX));
        assertEquals("organizations", r.field());
        assertTrue(r.detail().contains("cut the token from acme"), r.detail());
        // Widening to all organizations is the owner's to do, and the cut still holds there.
        Token all = TokenEvolver.apply(
                cut,
                events(TokenDecider.decide(
                                cut,
                                new ChangeTokenScopesCommand(ID, null, OrganizationBinding.allOrganizations(), ALICE),
                                CTX))
                        .get(0));
        assertFalse(ValidToken.of(all, Set.of("acme", "globex")).allowsOrganization("acme"));
    }
}
