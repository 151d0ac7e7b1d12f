package dev.patrol.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The rules of {@link Policy}, as pure checks: of a token being created or changed (a rejection
 * naming the policy and its limit), and of a token that exists already (a violation, judged at
 * validation and by the policy sweep).
 */
public final class PolicyRules {

    private PolicyRules() {}

    /** An existing token breaks a policy that does not keep such tokens. */
    public record Violation(String policy, ExistingTokens consequence, String detail) {}

    /** The lifetime a token gets when none is asked for: the shortest default of its policies, within their maximum. */
    public static Duration defaultLifetime(List<Policies.Governing> governing, TokenPolicy config) {
        Duration lifetime = config.defaultLifetime();
        Duration max = config.maxLifetime();
        for (Policies.Governing g : governing) {
            if (g.policy().defaultLifetimeDays() != null) {
                lifetime = min(lifetime, Duration.ofDays(g.policy().defaultLifetimeDays()));
            }
            if (g.policy().maxLifetimeDays() != null) {
                max = min(max, Duration.ofDays(g.policy().maxLifetimeDays()));
            }
        }
        return min(lifetime, max);
    }

    /**
     * Restrictions on what a token may be (all organizations, full access, allowed scopes), and the
     * lifetime limit counted from {@code now}; {@code activeTokens} (the owner's, before this one)
     * only when a token is created. Null when every governing policy allows it.
     */
    public static Rejection check(
            String owner,
            Set<String> scopes,
            OrganizationBinding binding,
            Instant expiresAt,
            Instant now,
            Integer activeTokens,
            List<Policies.Governing> governing) {
        for (Policies.Governing g : governing) {
            Policy p = g.policy();
            if (p.maxLifetimeDays() != null
                    && expiresAt != null
                    && expiresAt.isAfter(now.plus(Duration.ofDays(p.maxLifetimeDays())))) {
                return Rejection.policy(
                        g.name(),
                        "expiresAt",
                        "maxLifetimeDays",
                        String.valueOf(p.maxLifetimeDays()),
                        "a token may live at most " + p.maxLifetimeDays() + " days from now");
            }
            if (p.exempts(owner)) {
                continue;
            }
            String restriction = restriction(p, scopes, binding);
            if (restriction != null) {
                return rejection(g.name(), p, restriction);
            }
            if (activeTokens != null
                    && p.maxActiveTokensPerUser() != null
                    && activeTokens >= p.maxActiveTokensPerUser()) {
                return Rejection.policy(
                        g.name(),
                        null,
                        "maxActiveTokensPerUser",
                        String.valueOf(p.maxActiveTokensPerUser()),
                        "at most " + p.maxActiveTokensPerUser() + " active tokens per person; revoke one first");
            }
        }
        return null;
    }

    /**
     * The first governing policy that refuses or revokes this existing token, or null. Lifetime is
     * counted from when the policy took effect: a token made before a 90-day limit may live 90 days
     * from then, not forever.
     */
    public static Violation violation(
            String owner,
            Set<String> scopes,
            OrganizationBinding binding,
            Instant expiresAt,
            List<Policies.Governing> governing) {
        for (Policies.Governing g : governing) {
            Policy p = g.policy();
            ExistingTokens consequence = p.existingTokensOrKeep();
            if (consequence == ExistingTokens.KEEP) {
                continue;
            }
            if (p.maxLifetimeDays() != null
                    && expiresAt.isAfter(g.since().plus(Duration.ofDays(p.maxLifetimeDays())))) {
                return new Violation(
                        g.name(), consequence, "maxLifetimeDays = " + p.maxLifetimeDays() + ": the token lives longer");
            }
            String restriction = p.exempts(owner) ? null : restriction(p, scopes, binding);
            if (restriction != null) {
                return new Violation(g.name(), consequence, restriction);
            }
        }
        return null;
    }

    /**
     * How an organization's policy {@code p} would loosen the {@code global} one, or null when it only
     * tightens it: what an organization's own administrators may not do. A rule left unset inherits
     * the global one and loosens nothing; the rejection names the global rule and its limit.
     */
    public static Rejection loosening(Policy p, Policy global) {
        if (global.maxLifetimeDays() != null
                && p.maxLifetimeDays() != null
                && p.maxLifetimeDays() > global.maxLifetimeDays()) {
            return tighterOnly(
                    "maxLifetimeDays",
                    String.valueOf(global.maxLifetimeDays()),
                    "at most " + global.maxLifetimeDays() + " days");
        }
        if (Boolean.FALSE.equals(global.allowAllOrganizations()) && Boolean.TRUE.equals(p.allowAllOrganizations())) {
            return tighterOnly("allowAllOrganizations", "false", "no tokens for all organizations");
        }
        if (Boolean.FALSE.equals(global.allowFullAccess()) && Boolean.TRUE.equals(p.allowFullAccess())) {
            return tighterOnly("allowFullAccess", "false", "no full_access");
        }
        if (global.allowedScopes() != null
                && p.allowedScopes() != null
                && !global.allowedScopes().containsAll(p.allowedScopes())) {
            String limit = String.join(",", global.allowedScopes());
            return tighterOnly("allowedScopes", limit, "only scopes among " + limit);
        }
        if (global.maxActiveTokensPerUser() != null
                && p.maxActiveTokensPerUser() != null
                && p.maxActiveTokensPerUser() > global.maxActiveTokensPerUser()) {
            return tighterOnly(
                    "maxActiveTokensPerUser",
                    String.valueOf(global.maxActiveTokensPerUser()),
                    "at most " + global.maxActiveTokensPerUser() + " active tokens per person");
        }
        if (p.exemptUsers() != null
                && !(global.exemptUsers() != null && global.exemptUsers().containsAll(p.exemptUsers()))) {
            String limit = global.exemptUsers() == null ? "" : String.join(",", global.exemptUsers());
            return tighterOnly("exemptUsers", limit, "exempt only whom it exempts");
        }
        if (global.allowedNetworks() != null
                && p.allowedNetworks() != null
                && !Networks.covers(global.allowedNetworks(), p.allowedNetworks())) {
            String limit = String.join(",", global.allowedNetworks());
            return tighterOnly(
                    "allowedNetworks", limit, "tokens act only from " + (limit.isEmpty() ? "anywhere" : limit));
        }
        if (global.requiresApproval() && Boolean.FALSE.equals(p.approvalRequired())) {
            return tighterOnly("approval", "required", "tokens need approval");
        }
        if (p.existingTokens() != null && p.existingTokens().compareTo(global.existingTokensOrKeep()) < 0) {
            String limit = global.existingTokensOrKeep().name().toLowerCase(java.util.Locale.ROOT);
            return tighterOnly("existingTokens", limit, "existing tokens that break it are at least " + limit + "d");
        }
        return null;
    }

    private static Rejection tighterOnly(String rule, String limit, String globalSays) {
        return Rejection.policy(
                "global",
                rule,
                rule,
                limit,
                "an organization's administrators may only tighten the global policy, which says " + globalSays);
    }

    /** The restriction rule the token breaks ("rule = limit"), or null. */
    private static String restriction(Policy p, Set<String> scopes, OrganizationBinding binding) {
        if (Boolean.FALSE.equals(p.allowAllOrganizations()) && binding.all()) {
            return "allowAllOrganizations = false";
        }
        if (Boolean.FALSE.equals(p.allowFullAccess()) && scopes.contains(ScopeCatalogue.FULL_ACCESS)) {
            return "allowFullAccess = false";
        }
        if (p.allowedScopes() != null) {
            for (String s : scopes) {
                if (!p.allowedScopes().contains(s)) {
                    return "allowedScopes = " + String.join(",", p.allowedScopes()) + " (not " + s + ")";
                }
            }
        }
        return null;
    }

    private static Rejection rejection(String policy, Policy p, String restriction) {
        int eq = restriction.indexOf(" = ");
        String rule = restriction.substring(0, eq);
        String field = rule.equals("allowAllOrganizations") ? "allOrganizations" : "scopes";
        String limit = switch (rule) {
            case "allowedScopes" -> String.join(",", p.allowedScopes());
            default -> "false";
        };
        String detail = switch (rule) {
            case "allowAllOrganizations" -> "tokens for all organizations are not allowed; name organizations";
            case "allowFullAccess" -> "full_access is not allowed; choose narrower scopes";
            default -> "only these scopes are allowed: " + limit;
        };
        return Rejection.policy(policy, field, rule, limit, detail);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
