package dev.patrol.validation;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Networks;
import dev.patrol.domain.Policies;
import dev.patrol.edge.ValidToken;
import dev.patrol.policy.PolicyLog;

/**
 * Where a usable token may act now: the organizations it is bound to (not cut from, its owner a
 * member) and not pending approval there. Approval depends on the policies in force, which change
 * apart from the token, so it is judged here at every call, in memory; with no policy requiring
 * approval it costs a field read.
 */
@ApplicationScoped
public class OrganizationAccess {

    @Inject
    PolicyLog policyLog;

    /** Whether {@code t} may act in {@code organization} now. */
    public boolean actsIn(ValidToken t, String organization) {
        return t.allowsOrganization(organization) && !pendingIn(t, organization);
    }

    /** Whether {@code t} waits for an administrator of {@code organization} to approve it there. */
    public boolean pendingIn(ValidToken t, String organization) {
        Policies p = policyLog.current();
        if (p == null) {
            return true; // the policies are unknown: fail closed (validation answers 503 before this)
        }
        return p.pendingIn(organization, t.widenedOrCreatedAt(), t.approvedIn().contains(organization));
    }

    /** The organizations {@code t} may act in now, sorted. */
    public List<String> organizations(ValidToken t) {
        Policies p = policyLog.current();
        if (p != null && !p.approvals()) {
            return t.effectiveOrganizations();
        }
        return t.effectiveOrganizations().stream().filter(o -> !pendingIn(t, o)).toList();
    }

    /** {@link #organizations} comma-separated, as gateways receive it (written once per cache entry when nothing is pending). */
    public String organizationsText(ValidToken t) {
        Policies p = policyLog.current();
        return p != null && !p.approvals() ? t.text().organizations() : String.join(",", organizations(t));
    }

    /**
     * Whether the policy of {@code organization} (over the global one) lets tokens act there from the
     * address {@code address} gives (asked only when that policy names networks).
     */
    public boolean fromNetworksOf(String organization, Supplier<String> address) {
        Policies p = policyLog.current();
        if (p == null) {
            return false;
        }
        Networks allowed = p.networksIn(organization);
        return allowed.anywhere() || allowed.allows(address.get());
    }
}
