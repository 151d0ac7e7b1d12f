package dev.patrol.domain;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An organization's own administrators may only tighten the global policy; each rule is named when loosened. */
class OrganizationPolicyTighteningTest {

    static final Policy GLOBAL = new Policy(
            90, null, false, false, Set.of("code:read", "code:write"), 5, Set.of("ci-bot"), ExistingTokens.REFUSE);

    static Policy with(
            Integer maxDays,
            Boolean allOrgs,
            Boolean fullAccess,
            Set<String> scopes,
            Integer maxActive,
            Set<String> exempt,
            ExistingTokens existing) {
        return new Policy(maxDays, null, allOrgs, fullAccess, scopes, maxActive, exempt, existing);
    }

    static String loosenedRule(Policy p) {
        Rejection r = PolicyRules.loosening(p, GLOBAL);
        assertEquals(Rejection.Kind.POLICY, r.kind());
        assertEquals("global", r.policy());
        return r.field();
    }

    @Test
    void tighterOrUnsetRulesAreAllowed() {
        assertNull(PolicyRules.loosening(Policy.NONE, GLOBAL));
        assertNull(PolicyRules.loosening(
                with(30, false, false, Set.of("code:read"), 2, Set.of("ci-bot"), ExistingTokens.REVOKE), GLOBAL));
        assertNull(
                PolicyRules.loosening(with(3000, true, true, null, 1000, null, null), Policy.NONE),
                "nothing to loosen");
    }

    @Test
    void everyLooserRuleIsRefusedNamingIt() {
        assertEquals("maxLifetimeDays", loosenedRule(with(91, null, null, null, null, null, null)));
        assertEquals("allowAllOrganizations", loosenedRule(with(null, true, null, null, null, null, null)));
        assertEquals("allowFullAccess", loosenedRule(with(null, null, true, null, null, null, null)));
        assertEquals(
                "allowedScopes",
                loosenedRule(with(null, null, null, Set.of("code:read", "admin:org"), null, null, null)));
        assertEquals("maxActiveTokensPerUser", loosenedRule(with(null, null, null, null, 6, null, null)));
        assertEquals("exemptUsers", loosenedRule(with(null, null, null, null, null, Set.of("mallory"), null)));
        assertEquals("existingTokens", loosenedRule(with(null, null, null, null, null, null, ExistingTokens.KEEP)));
        Policy globalNetworks = new Policy(null, null, null, null, null, null, null, null, null, List.of("10.0.0.0/8"));
        assertNull(PolicyRules.loosening(
                new Policy(null, null, null, null, null, null, null, null, null, List.of("10.1.0.0/16")),
                globalNetworks));
        assertEquals(
                "allowedNetworks",
                PolicyRules.loosening(
                                new Policy(
                                        null, null, null, null, null, null, null, null, null, List.of("192.0.2.0/24")),
                                globalNetworks)
                        .field());
        assertEquals(
                "allowedNetworks",
                PolicyRules.loosening(
                                new Policy(null, null, null, null, null, null, null, null, null, List.of()),
                                globalNetworks)
                        .field(),
                "[] is anywhere: looser than the global networks");
        assertEquals(
                "exemptUsers",
                PolicyRules.loosening(with(null, null, null, null, null, Set.of("ci-bot"), null), Policy.NONE)
                        .field(),
                "an exemption the global policy does not make");
    }
}
