package dev.patrol.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Given a state, when a command is decided, then these events or this rejection. */
class TokenDeciderTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final TokenPolicy POLICY = new TokenPolicy(
            new ScopeCatalogue(Set.of("code:read", "code:write")), Duration.ofDays(30), Duration.ofDays(365), 100);
    static final Actor ALICE = Actor.user("alice", "10.0.0.1", "curl");
    static final Actor BOB = Actor.user("bob", null, null);
    static final DecisionContext CTX = new DecisionContext(NOW, POLICY, Set.of("acme", "globex"), UUID::randomUUID);
    static final UUID ID = UUID.randomUUID();

    static IssueTokenCommand issue(String name, Set<String> scopes, OrganizationBinding orgs, Instant expiresAt) {
        return new IssueTokenCommand(ID, name, scopes, orgs, expiresAt, "hash1", "ptl_...abcd", null, ALICE);
    }

    /** A code:read token, bound to {@code networks}. */
    static IssueTokenCommand issueBound(OrganizationBinding orgs, List<String> networks) {
        return new IssueTokenCommand(
                ID, "ci", Set.of("code:read"), orgs, null, "hash1", "ptl_...abcd", networks, ALICE);
    }

    static Token issued() {
        Decision d = TokenDecider.decide(
                null, issue("ci", Set.of("code:read"), OrganizationBinding.of(Set.of("acme")), null), CTX);
        return TokenEvolver.apply(null, ((Decision.Accepted) d).events().get(0));
    }

    static Rejection rejection(Decision d) {
        return assertInstanceOf(Decision.Rejected.class, d).rejection();
    }

    static List<TokenEvent> events(Decision d) {
        return assertInstanceOf(Decision.Accepted.class, d).events();
    }

    @Test
    void issuingWithoutExpiryTakesTheDefaultLifetime() {
        TokenIssuedEvent e = (TokenIssuedEvent) events(TokenDecider.decide(
                        null, issue(" ci ", Set.of("code:read"), OrganizationBinding.allOrganizations(), null), CTX))
                .get(0);
        assertEquals(NOW.plus(Duration.ofDays(30)), e.expiresAt());
        assertEquals(1, e.version());
        assertEquals("ci", e.name());
        assertEquals("alice", e.owner());
        assertEquals(ID, e.familyId());
        assertEquals("hash1", e.secretHash());
    }

    @Test
    void issuingRefusesUnknownScopeNamingTheField() {
        Rejection r = rejection(TokenDecider.decide(
                null, issue("ci", Set.of("code:admin"), OrganizationBinding.allOrganizations(), null), CTX));
        assertEquals(Rejection.Kind.INVALID, r.kind());
        assertEquals("scopes", r.field());
    }

    @Test
    void issuingRefusesAnOrganizationThatIsNotTheCallers() {
        Rejection r = rejection(TokenDecider.decide(
                null, issue("ci", Set.of("code:read"), OrganizationBinding.of(Set.of("initech")), null), CTX));
        assertEquals("organizations", r.field());
    }

    @Test
    void issuingRefusesExpiryInThePastOrBeyondTheMaximum() {
        assertEquals(
                "expiresAt",
                rejection(TokenDecider.decide(
                                null,
                                issue(
                                        "ci",
                                        Set.of("code:read"),
                                        OrganizationBinding.allOrganizations(),
                                        NOW.minusSeconds(1)),
                                CTX))
                        .field());
        assertEquals(
                "expiresAt",
                rejection(TokenDecider.decide(
                                null,
                                issue(
                                        "ci",
                                        Set.of("code:read"),
                                        OrganizationBinding.allOrganizations(),
                                        NOW.plus(Duration.ofDays(366))),
                                CTX))
                        .field());
    }

    @Test
    void issuingRefusesBlankLongOrControlCharacterNames() {
        for (String bad : new String[] {"", "   ", "x".repeat(101), "a\u0000b", "a\u202Eb"}) {
            assertEquals(
                    "name",
                    rejection(TokenDecider.decide(
                                    null,
                                    issue(bad, Set.of("code:read"), OrganizationBinding.allOrganizations(), null),
                                    CTX))
                            .field(),
                    bad);
        }
    }

    @Test
    void renameProducesNextVersion() {
        Token t = issued();
        TokenEvent e = events(TokenDecider.decide(t, new RenameTokenCommand(ID, "deploy", ALICE), CTX))
                .get(0);
        assertEquals(2, e.version());
        assertEquals("deploy", TokenEvolver.apply(t, e).name());
    }

    @Test
    void unchangedValuesProduceNoEvent() {
        assertTrue(events(TokenDecider.decide(issued(), new RenameTokenCommand(ID, "ci", ALICE), CTX))
                .isEmpty());
    }

    @Test
    void someoneElsesTokenIsNotFound() {
        assertEquals(
                Rejection.Kind.NOT_FOUND,
                rejection(TokenDecider.decide(issued(), new RevokeTokenCommand(ID, RevokeReason.OWNER, BOB), CTX))
                        .kind());
    }

    @Test
    void anAdministratorMayRevokeAnyonesToken() {
        Actor admin = new Actor(ActorKind.ADMIN, "carol", null, null);
        assertEquals(
                1,
                events(TokenDecider.decide(issued(), new RevokeTokenCommand(ID, RevokeReason.ADMIN, admin), CTX))
                        .size());
    }

    @Test
    void revokedTokenAcceptsNoFurtherCommand() {
        Token t = issued();
        t = TokenEvolver.apply(
                t,
                events(TokenDecider.decide(t, new RevokeTokenCommand(ID, RevokeReason.OWNER, ALICE), CTX))
                        .get(0));
        assertTrue(t.isRevoked());
        for (TokenCommand c : List.of(
                new RenameTokenCommand(ID, "x", ALICE),
                new RevokeTokenCommand(ID, RevokeReason.OWNER, ALICE),
                new RegenerateTokenCommand(ID, "h2", "hint", ALICE, false),
                new ChangeTokenExpiryCommand(ID, NOW.plusSeconds(60), ALICE))) {
            assertEquals(
                    Rejection.Kind.CONFLICT,
                    rejection(TokenDecider.decide(t, c, CTX)).kind());
        }
    }

    @Test
    void regenerationRecordsThePreviousHash() {
        TokenRegeneratedEvent e = (TokenRegeneratedEvent) events(TokenDecider.decide(
                        issued(), new RegenerateTokenCommand(ID, "hash2", "ptl_...wxyz", ALICE, true), CTX))
                .get(0);
        assertEquals("hash1", e.previousSecretHash());
        assertEquals("hash2", e.secretHash());
        assertTrue(e.selfRotation());
    }

    @Test
    void decidingSeveralCommandsIsAllOrNothing() {
        Token t = issued();
        List<TokenEvent> ok = events(TokenDecider.decideAll(
                t,
                List.of(
                        new RenameTokenCommand(ID, "n", ALICE),
                        new ChangeTokenExpiryCommand(ID, NOW.plus(Duration.ofDays(2)), ALICE)),
                CTX));
        assertEquals(List.of(2L, 3L), ok.stream().map(TokenEvent::version).toList());
        rejection(TokenDecider.decideAll(
                t,
                List.of(
                        new RenameTokenCommand(ID, "n", ALICE),
                        new ChangeTokenScopesCommand(ID, Set.of("nope"), null, ALICE)),
                CTX));
    }

    @Test
    void anExpiredTokenCannotBeRevivedByAChange() {
        Token t = issued();
        DecisionContext later = new DecisionContext(t.expiresAt(), POLICY, Set.of("acme"), UUID::randomUUID);
        Rejection r = rejection(TokenDecider.decide(
                t, new ChangeTokenExpiryCommand(ID, t.expiresAt().plus(Duration.ofDays(10)), ALICE), later));
        assertEquals(Rejection.Kind.CONFLICT, r.kind());
        assertEquals(
                Rejection.Kind.CONFLICT,
                rejection(TokenDecider.decide(t, new RenameTokenCommand(ID, "again", ALICE), later))
                        .kind());
    }

    @Test
    void regeneratingAnExpiredTokenGivesItTheDefaultLifetimeFromNow() {
        Token t = issued();
        Instant later = t.expiresAt().plus(Duration.ofDays(3));
        DecisionContext ctx = new DecisionContext(later, POLICY, Set.of("acme"), UUID::randomUUID);
        List<TokenEvent> events =
                events(TokenDecider.decide(t, new RegenerateTokenCommand(ID, "h2", "hint", ALICE, false), ctx));
        assertEquals(2, events.size());
        TokenExpiryChangedEvent expiry = assertInstanceOf(TokenExpiryChangedEvent.class, events.get(1));
        assertEquals(later.plus(Duration.ofDays(30)), expiry.expiresAt());
        assertEquals(t.version() + 2, expiry.version());
    }

    @Test
    void anAdministratorsRevocationKeepsTheirReasonForTheOwner() {
        Actor admin = Actor.admin("root", "10.0.0.9", "curl");
        TokenRevokedEvent e = (TokenRevokedEvent) events(TokenDecider.decide(
                        issued(), new RevokeTokenCommand(ID, RevokeReason.ADMIN, " left the company ", admin), CTX))
                .get(0);
        assertEquals("left the company", e.note());
        assertEquals(ActorKind.ADMIN, e.actor().kind());
        assertEquals(
                "reason",
                rejection(TokenDecider.decide(
                                issued(), new RevokeTokenCommand(ID, RevokeReason.ADMIN, "x".repeat(501), admin), CTX))
                        .field());
    }

    @Test
    void aTokenCreatedWithNetworksGetsThemInTheRecordOfItsIssue() {
        IssueTokenCommand c =
                issueBound(OrganizationBinding.of(Set.of("acme")), List.of("2001:db8::/32", "10.0.0.0/8"));
        List<TokenEvent> events = events(TokenDecider.decide(null, c, CTX));
        assertEquals(2, events.size());
        TokenNetworksChangedEvent networks = assertInstanceOf(TokenNetworksChangedEvent.class, events.get(1));
        assertEquals(2, networks.version());
        Token t = TokenEvolver.apply(TokenEvolver.apply(null, events.get(0)), networks);
        assertEquals(List.of("10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"), t.allowedNetworks());
        assertEquals(2, t.version());
    }

    @Test
    void networksThatAreNotBlocksAreRefusedNamingTheField() {
        IssueTokenCommand c = issueBound(OrganizationBinding.allOrganizations(), List.of("10.1.2.3/8"));
        Rejection r = rejection(TokenDecider.decide(null, c, CTX));
        assertEquals(Rejection.Kind.INVALID, r.kind());
        assertEquals("allowedNetworks", r.field());
        assertEquals(
                "allowedNetworks",
                rejection(TokenDecider.decide(
                                issued(), new ChangeTokenNetworksCommand(ID, List.of("intranet"), ALICE), CTX))
                        .field());
    }

    @Test
    void changingNetworksIsAnEventOnlyWhenTheyChangeAndNeverOnAnExpiredToken() {
        Token t = issued();
        TokenNetworksChangedEvent e = (TokenNetworksChangedEvent)
                events(TokenDecider.decide(t, new ChangeTokenNetworksCommand(ID, List.of("192.0.2.0/24"), ALICE), CTX))
                        .get(0);
        Token bound = TokenEvolver.apply(t, e);
        assertEquals(List.of("192.0.2.0/24"), bound.allowedNetworks());
        assertEquals(
                List.of(),
                events(TokenDecider.decide(
                        bound, new ChangeTokenNetworksCommand(ID, List.of("192.0.2.0/24"), ALICE), CTX)));
        assertEquals(
                List.of(),
                TokenEvolver.apply(
                                bound,
                                events(TokenDecider.decide(
                                                bound, new ChangeTokenNetworksCommand(ID, List.of(), ALICE), CTX))
                                        .get(0))
                        .allowedNetworks(),
                "an empty list lets it be used from anywhere again");
        DecisionContext later =
                new DecisionContext(t.expiresAt().plusSeconds(1), POLICY, Set.of("acme"), UUID::randomUUID);
        assertEquals(
                Rejection.Kind.CONFLICT,
                rejection(TokenDecider.decide(
                                t, new ChangeTokenNetworksCommand(ID, List.of("192.0.2.0/24"), ALICE), later))
                        .kind());
    }

    @Test
    void narrowingTheNetworksTellsEveryCacheToDropTheToken() {
        Token t = issued();
        var e = (TokenNetworksChangedEvent)
                events(TokenDecider.decide(t, new ChangeTokenNetworksCommand(ID, List.of("192.0.2.0/24"), ALICE), CTX))
                        .get(0);
        Invalidation i = Invalidation.of(t, e);
        assertEquals("networks-changed", i.reason());
        assertTrue(i.narrowing());
        assertEquals(List.of(t.secretHash()), i.staleSecretHashes());
    }
}
