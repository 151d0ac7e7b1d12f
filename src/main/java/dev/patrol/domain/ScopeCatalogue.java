package dev.patrol.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scopes a token may carry. A scope is {@code area:level}; within an area {@code manage}
 * implies {@code write} implies {@code read}. {@value #FULL_ACCESS} implies every scope.
 */
public record ScopeCatalogue(Set<String> scopes) {

    public static final String FULL_ACCESS = "full_access";
    private static final List<String> LEVELS = List.of("read", "write", "manage");

    public ScopeCatalogue {
        Set<String> all = new LinkedHashSet<>(scopes);
        all.add(FULL_ACCESS);
        scopes = Set.copyOf(all);
    }

    public boolean contains(String scope) {
        return scopes.contains(scope);
    }

    /** Whether a token granted {@code granted} may do what {@code required} allows. */
    public static boolean grants(Set<String> granted, String required) {
        if (granted.contains(FULL_ACCESS) || granted.contains(required)) {
            return true;
        }
        int colon = required.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String area = required.substring(0, colon);
        int level = LEVELS.indexOf(required.substring(colon + 1));
        if (level < 0) {
            return false;
        }
        for (int higher = level + 1; higher < LEVELS.size(); higher++) {
            if (granted.contains(area + ":" + LEVELS.get(higher))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code narrower} grants nothing that {@code wider} does not. */
    public static boolean isWithin(Set<String> narrower, Set<String> wider) {
        return narrower.stream().allMatch(s -> grants(wider, s));
    }
}
