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

    /** What {@code scope} allows, in a sentence for people choosing scopes (UIs, CLIs, discovery). */
    public static String describe(String scope) {
        if (scope.equals(FULL_ACCESS)) {
            return "Everything the owner may do, in every area. Prefer narrower scopes.";
        }
        if (scope.equals("tokens:rotate-self")) {
            return "The token may replace its own secret (self-rotation).";
        }
        int colon = scope.lastIndexOf(':');
        if (colon < 0) {
            return scope;
        }
        String area = scope.substring(0, colon).replace('_', ' ');
        return switch (scope.substring(colon + 1)) {
            case "read" -> "Read " + area + ".";
            case "write" -> "Read and change " + area + " (includes " + area + " read).";
            case "manage" -> "Administer " + area + " (includes " + area + " write and read).";
            case "execute" -> "Run " + area + ".";
            default -> scope;
        };
    }

    /** True when {@code narrower} grants nothing that {@code wider} does not. */
    public static boolean isWithin(Set<String> narrower, Set<String> wider) {
        return narrower.stream().allMatch(s -> grants(wider, s));
    }
}
