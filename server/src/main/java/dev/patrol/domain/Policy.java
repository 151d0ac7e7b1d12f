package dev.patrol.domain;

import java.util.List;
import java.util.Set;

/**
 * The rules an administrator sets, globally or for one organization. Every rule is optional: null
 * means "not set here" (an organization's policy then inherits the global rule; the global policy
 * falls back to the deployment's configuration). {@code exemptUsers} are exempt from this policy's
 * creation restrictions (all organizations, full access, allowed scopes, maximum active tokens),
 * never from its lifetime limits. {@code approvalRequired}: a token may act in an organization only once
 * one of its administrators approved it there (exemptions do not apply). {@code allowedNetworks}:
 * canonical CIDR blocks ({@link Networks}) a token may act from where this policy governs (empty: anywhere).
 */
public record Policy(
        Integer maxLifetimeDays,
        Integer defaultLifetimeDays,
        Boolean allowAllOrganizations,
        Boolean allowFullAccess,
        Set<String> allowedScopes,
        Integer maxActiveTokensPerUser,
        Set<String> exemptUsers,
        ExistingTokens existingTokens,
        Boolean approvalRequired,
        List<String> allowedNetworks) {

    public static final Policy NONE = new Policy(null, null, null, null, null, null, null, null, null, null);

    /** A policy without the approval rule. */
    public Policy(
            Integer maxLifetimeDays,
            Integer defaultLifetimeDays,
            Boolean allowAllOrganizations,
            Boolean allowFullAccess,
            Set<String> allowedScopes,
            Integer maxActiveTokensPerUser,
            Set<String> exemptUsers,
            ExistingTokens existingTokens) {
        this(
                maxLifetimeDays,
                defaultLifetimeDays,
                allowAllOrganizations,
                allowFullAccess,
                allowedScopes,
                maxActiveTokensPerUser,
                exemptUsers,
                existingTokens,
                null,
                null);
    }

    public Policy {
        allowedScopes = allowedScopes == null ? null : SortedSets.of(allowedScopes);
        exemptUsers = exemptUsers == null ? null : SortedSets.of(exemptUsers);
        allowedNetworks = allowedNetworks == null ? null : List.copyOf(allowedNetworks);
    }

    /** This policy's rules where set, {@code base}'s elsewhere (an organization over the global policy). */
    public Policy over(Policy base) {
        return new Policy(
                maxLifetimeDays != null ? maxLifetimeDays : base.maxLifetimeDays,
                defaultLifetimeDays != null ? defaultLifetimeDays : base.defaultLifetimeDays,
                allowAllOrganizations != null ? allowAllOrganizations : base.allowAllOrganizations,
                allowFullAccess != null ? allowFullAccess : base.allowFullAccess,
                allowedScopes != null ? allowedScopes : base.allowedScopes,
                maxActiveTokensPerUser != null ? maxActiveTokensPerUser : base.maxActiveTokensPerUser,
                exemptUsers != null ? exemptUsers : base.exemptUsers,
                existingTokens != null ? existingTokens : base.existingTokens,
                approvalRequired != null ? approvalRequired : base.approvalRequired,
                allowedNetworks != null ? allowedNetworks : base.allowedNetworks);
    }

    /** Whether a token must be approved by an administrator of an organization before it acts there. */
    public boolean requiresApproval() {
        return Boolean.TRUE.equals(approvalRequired);
    }

    public ExistingTokens existingTokensOrKeep() {
        return existingTokens == null ? ExistingTokens.KEEP : existingTokens;
    }

    public boolean exempts(String user) {
        return exemptUsers != null && exemptUsers.contains(user);
    }
}
