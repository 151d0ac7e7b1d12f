package dev.patrol.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Decides a policy change: the document must make sense; concurrent edits are refused (If-Match). */
public final class PolicyDecider {

    /** Longest lifetime a policy may name (ten years): anything longer is a typo. */
    static final int MAX_DAYS = 3650;

    private PolicyDecider() {}

    public static PolicyDecision decide(
            PolicyState current, SetPolicyCommand c, ScopeCatalogue catalogue, Instant now, UUID eventId) {
        long version = current == null ? 0 : current.version();
        if (c.expectedVersion() != null && c.expectedVersion() != version) {
            return new PolicyDecision.Rejected(Rejection.conflict(
                    "the policy is at version " + version + ", not " + c.expectedVersion() + "; reload it and retry"));
        }
        Rejection bad = check(c.policy(), catalogue);
        if (bad != null) {
            return new PolicyDecision.Rejected(bad);
        }
        return new PolicyDecision.Accepted(new PolicySetEvent(
                eventId, c.scope().toString(), version + 1, now.truncatedTo(ChronoUnit.MICROS), c.actor(), c.policy()));
    }

    static Rejection check(Policy p, ScopeCatalogue catalogue) {
        Rejection bad = days("maxLifetimeDays", p.maxLifetimeDays());
        if (bad == null) {
            bad = days("defaultLifetimeDays", p.defaultLifetimeDays());
        }
        if (bad != null) {
            return bad;
        }
        if (p.maxLifetimeDays() != null
                && p.defaultLifetimeDays() != null
                && p.defaultLifetimeDays() > p.maxLifetimeDays()) {
            return Rejection.invalid("defaultLifetimeDays", "must not exceed maxLifetimeDays");
        }
        if (p.maxActiveTokensPerUser() != null && p.maxActiveTokensPerUser() < 0) {
            return Rejection.invalid("maxActiveTokensPerUser", "must be 0 or more");
        }
        if (p.allowedScopes() != null) {
            for (String s : p.allowedScopes()) {
                if (!catalogue.contains(s)) {
                    return Rejection.invalid("allowedScopes", "unknown scope: " + s);
                }
            }
        }
        if (p.allowedNetworks() != null) {
            try {
                List<String> canonical = Networks.canonical(p.allowedNetworks());
                if (!canonical.equals(p.allowedNetworks())) {
                    return Rejection.invalid("allowedNetworks", "not canonical: " + String.join(", ", canonical));
                }
            } catch (IllegalArgumentException e) {
                return Rejection.invalid("allowedNetworks", e.getMessage());
            }
        }
        if (p.exemptUsers() != null && p.exemptUsers().stream().anyMatch(String::isBlank)) {
            return Rejection.invalid("exemptUsers", "a user id must not be blank");
        }
        return null;
    }

    private static Rejection days(String field, Integer days) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            return Rejection.invalid(field, "between 1 and " + MAX_DAYS + " days");
        }
        return null;
    }
}
