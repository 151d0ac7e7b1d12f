package dev.patrol.domain;

import java.util.Set;

/**
 * The organizations a token may act in: the named ones, or all of the owner's organizations
 * (at the time of use) when {@code all} is true.
 */
public record OrganizationBinding(boolean all, Set<String> named) {

    public OrganizationBinding {
        named = SortedSets.of(all ? Set.of() : named);
    }

    public static OrganizationBinding allOrganizations() {
        return new OrganizationBinding(true, Set.of());
    }

    public static OrganizationBinding of(Set<String> organizations) {
        return new OrganizationBinding(false, organizations);
    }

    /** True when this binding allows nothing that {@code other} does not. */
    public boolean isWithin(OrganizationBinding other) {
        return other.all || (!all && other.named.containsAll(named));
    }
}
