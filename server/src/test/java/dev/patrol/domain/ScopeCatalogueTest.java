package dev.patrol.domain;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeCatalogueTest {

    @Test
    void manageImpliesWriteImpliesRead() {
        assertTrue(ScopeCatalogue.grants(Set.of("code:manage"), "code:read"));
        assertTrue(ScopeCatalogue.grants(Set.of("code:write"), "code:read"));
        assertFalse(ScopeCatalogue.grants(Set.of("code:read"), "code:write"));
        assertFalse(ScopeCatalogue.grants(Set.of("code:manage"), "build:read"));
    }

    @Test
    void fullAccessGrantsEverything() {
        assertTrue(ScopeCatalogue.grants(Set.of(ScopeCatalogue.FULL_ACCESS), "packaging:write"));
        assertTrue(new ScopeCatalogue(Set.of("code:read")).contains(ScopeCatalogue.FULL_ACCESS));
    }

    @Test
    void narrowingIsDetected() {
        assertTrue(ScopeCatalogue.isWithin(Set.of("code:read"), Set.of("code:write")));
        assertFalse(ScopeCatalogue.isWithin(Set.of("code:write"), Set.of("code:read")));
    }
}
