package dev.patrol.service;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.domain.ExistingTokens;
import dev.patrol.domain.Networks;
import dev.patrol.domain.Policy;

/**
 * A policy as administrators read and write it. Every rule is optional: absent means "not set here"
 * (an organization then inherits the global rule; the global policy the deployment's defaults).
 * {@code existingTokens}: {@code keep} (default), {@code refuse} or {@code revoke}. {@code approval}:
 * {@code required} (a token acts in an organization only once its administrators approved it there;
 * tokens as they were before the rule count as approved when {@code existingTokens} is {@code keep}) or {@code none}.
 * {@code allowedNetworks}: CIDR blocks tokens may act from where this policy governs ({@code []}: anywhere).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDocument(
        Integer maxLifetimeDays,
        Integer defaultLifetimeDays,
        Boolean allowAllOrganizations,
        Boolean allowFullAccess,
        Set<String> allowedScopes,
        Integer maxActiveTokensPerUser,
        Set<String> exemptUsers,
        String existingTokens,
        String approval,
        List<String> allowedNetworks) {

    static PolicyDocument of(Policy p) {
        return new PolicyDocument(
                p.maxLifetimeDays(),
                p.defaultLifetimeDays(),
                p.allowAllOrganizations(),
                p.allowFullAccess(),
                p.allowedScopes(),
                p.maxActiveTokensPerUser(),
                p.exemptUsers(),
                p.existingTokens() == null ? null : p.existingTokens().name().toLowerCase(Locale.ROOT),
                p.approvalRequired() == null ? null : p.approvalRequired() ? "required" : "none",
                p.allowedNetworks());
    }

    /** @throws IllegalArgumentException naming the field that is not what it must be */
    Policy toPolicy() {
        ExistingTokens existing = null;
        if (existingTokens != null) {
            try {
                existing = ExistingTokens.valueOf(existingTokens.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("existingTokens");
            }
        }
        if (approval != null && !approval.equals("required") && !approval.equals("none")) {
            throw new IllegalArgumentException("approval");
        }
        if (allowedScopes != null && allowedScopes.contains(null)) {
            throw new IllegalArgumentException("allowedScopes");
        }
        if (exemptUsers != null && exemptUsers.contains(null)) {
            throw new IllegalArgumentException("exemptUsers");
        }
        return new Policy(
                maxLifetimeDays,
                defaultLifetimeDays,
                allowAllOrganizations,
                allowFullAccess,
                allowedScopes,
                maxActiveTokensPerUser,
                exemptUsers,
                existing,
                approval == null ? null : approval.equals("required"),
                canonical(allowedNetworks));
    }

    /** Canonical when they can be; otherwise as given, for the policy's decision to refuse with a reason. */
    private static List<String> canonical(List<String> networks) {
        if (networks == null) {
            return null;
        }
        try {
            return Networks.canonical(networks);
        } catch (IllegalArgumentException e) {
            return networks.stream().map(n -> n == null ? "" : n).toList();
        }
    }
}
