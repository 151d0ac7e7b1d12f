package dev.patrol.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sets in events are sorted and immutable, so that the same event always encodes to the same bytes
 * (an immutable {@code Set.copyOf} iterates in a different order in every JVM).
 */
public final class SortedSets {

    private SortedSets() {}

    /** An immutable sorted copy; null elements are refused like {@code Set.copyOf} does. */
    public static Set<String> of(Collection<String> elements) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(elements));
    }
}
