package dev.patrol.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every policy in force (a snapshot of the policy topic's fold). A token is governed by the policy
 * of each organization it can act in (that organization's rules over the global ones), or by the
 * global policy alone when none of its organizations has one; it obeys the strictest of them.
 */
public record Policies(
        Map<PolicyScope, PolicyState> states,
        boolean judgesExistingTokens,
        boolean approvals,
        Map<PolicyScope, Networks> networks) {

    public static final Policies NONE = new Policies(Map.of());

    /**
     * @param judgesExistingTokens whether some policy refuses or revokes existing tokens (validation,
     *     on its hot path, has nothing to judge otherwise); derived from the states
     * @param approvals whether some policy requires approval (else no token is pending anywhere)
     * @param networks the networks each scope allows tokens to act from, as matchers, for the scopes
     *     whose policy (over the global one) names any; derived from the states
     */
    public Policies {
        states = Map.copyOf(states);
        networks = Map.copyOf(networks);
    }

    public Policies(Map<PolicyScope, PolicyState> states) {
        this(
                states,
                states.values().stream().anyMatch(s -> s.policy().existingTokensOrKeep() != ExistingTokens.KEEP),
                states.values().stream().anyMatch(s -> s.approvalSince() != null),
                networks(states));
    }

    private static Map<PolicyScope, Networks> networks(Map<PolicyScope, PolicyState> states) {
        PolicyState global = states.get(PolicyScope.GLOBAL);
        Policy globalPolicy = global == null ? Policy.NONE : global.policy();
        Map<PolicyScope, Networks> out = new java.util.HashMap<>();
        states.forEach((scope, state) -> {
            Policy effective = scope.equals(PolicyScope.GLOBAL)
                    ? globalPolicy
                    : state.policy().over(globalPolicy);
            if (effective.allowedNetworks() != null
                    && !effective.allowedNetworks().isEmpty()) {
                out.put(scope, Networks.of(effective.allowedNetworks()));
            }
        });
        return out;
    }

    /** The networks the global policy lets tokens act from ({@link Networks#anywhere} when it names none). */
    public Networks globalNetworks() {
        return networks.getOrDefault(PolicyScope.GLOBAL, Networks.of(List.of()));
    }

    /** The networks tokens may act from in {@code organization}: its policy's over the global one's. */
    public Networks networksIn(String organization) {
        if (networks.isEmpty()) {
            return Networks.of(List.of());
        }
        Networks own = networks.get(PolicyScope.organization(organization));
        return own != null ? own : globalNetworks();
    }

    /**
     * Whether a token as it is since {@code asIsSince} (its creation, or the last change that let it do
     * more) is pending approval in {@code organization}: the organization's policy (over the global
     * one) requires approval, no approval there covers the token as it is ({@code approved}), and it is
     * not a token the policy keeps because it was as it is before the rule ({@code existingTokens:
     * keep}, the default).
     */
    public boolean pendingIn(String organization, Instant asIsSince, boolean approved) {
        if (!approvals || approved) {
            return false;
        }
        PolicyState org = states.get(PolicyScope.organization(organization));
        PolicyState global = states.get(PolicyScope.GLOBAL);
        Instant since = org != null && org.policy().approvalRequired() != null
                ? org.approvalSince()
                : global == null ? null : global.approvalSince();
        if (since == null) {
            return false;
        }
        Policy globalPolicy = global == null ? Policy.NONE : global.policy();
        Policy effective = org == null ? globalPolicy : org.policy().over(globalPolicy);
        return effective.existingTokensOrKeep() != ExistingTokens.KEEP || !asIsSince.isBefore(since);
    }

    /** One policy that governs a token: its name, its effective rules, and since when they hold. */
    public record Governing(String name, Policy policy, Instant since) {}

    public boolean isEmpty() {
        return states.isEmpty();
    }

    /**
     * @param ownerOrganizations the owner's organizations now (used when {@code binding} is all of them;
     *     null when unknown)
     */
    public List<Governing> governing(OrganizationBinding binding, Set<String> ownerOrganizations) {
        PolicyState global = states.get(PolicyScope.GLOBAL);
        Policy globalPolicy = global == null ? Policy.NONE : global.policy();
        Instant globalSince = global == null ? Instant.EPOCH : global.since();
        Set<String> orgs = new TreeSet<>(
                binding.all() ? (ownerOrganizations == null ? Set.of() : ownerOrganizations) : binding.named());
        List<Governing> out = new ArrayList<>();
        boolean globalAlone = false;
        for (String org : orgs) {
            PolicyState s = states.get(PolicyScope.organization(org));
            if (s == null) {
                globalAlone = true;
            } else {
                Instant since = s.since().isAfter(globalSince) ? s.since() : globalSince;
                out.add(new Governing(s.scope().toString(), s.policy().over(globalPolicy), since));
            }
        }
        if (globalAlone || out.isEmpty()) {
            out.add(0, new Governing("global", globalPolicy, globalSince));
        }
        return out;
    }
}
