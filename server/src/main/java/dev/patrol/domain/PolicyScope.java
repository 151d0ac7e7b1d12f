package dev.patrol.domain;

/**
 * Where a policy applies: everywhere ({@code global}) or in one organization ({@code organization:NAME}).
 * The string form is the policy's name in problems and its key on the policy topic.
 */
public record PolicyScope(String organization) {

    public static final PolicyScope GLOBAL = new PolicyScope(null);
    private static final String ORG_PREFIX = "organization:";

    public static PolicyScope organization(String organization) {
        return new PolicyScope(organization);
    }

    public boolean global() {
        return organization == null;
    }

    /** @throws IllegalArgumentException for anything but a name this class produced */
    public static PolicyScope parse(String name) {
        if (name.equals("global")) {
            return GLOBAL;
        }
        if (name.startsWith(ORG_PREFIX) && name.length() > ORG_PREFIX.length()) {
            return organization(name.substring(ORG_PREFIX.length()));
        }
        throw new IllegalArgumentException("not a policy scope");
    }

    @Override
    public String toString() {
        return global() ? "global" : ORG_PREFIX + organization;
    }
}
