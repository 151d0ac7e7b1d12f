package dev.patrol.edge;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A lookup that read the token before a narrowing must not put the wider token back after the
 * narrowing's eviction: it would be served for the cache's lifetime instead of milliseconds.
 */
class EdgeCacheEvictionRaceTest {

    final EdgeCache cache = new EdgeCache(new EdgeCacheHearingTest.SmallCache(), new SimpleMeterRegistry());
    final ValidToken wide = EdgeCacheHearingTest.token();

    @BeforeEach
    void hearing() {
        cache.hearingUntil(System.nanoTime() + Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aLookupStartedBeforeAnEvictionDoesNotCacheItsAnswer() {
        long ticket = cache.ticket(); // the lookup reads the wide token...
        cache.evict(List.of("h")); // ...the narrowing is applied and broadcast...
        cache.putValid("h", wide, ticket); // ...and the slow lookup's answer arrives
        assertNull(cache.valid("h"));
    }

    @Test
    void aLookupStartedAfterTheEvictionIsCached() {
        cache.evict(List.of("h"));
        cache.putValid("h", wide, cache.ticket());
        assertSame(wide, cache.valid("h"));
    }

    @Test
    void anEvictionOfAnotherSecretDoesNotStopCaching() {
        long ticket = cache.ticket();
        cache.evict(List.of("other"));
        cache.putValid("h", wide, ticket);
        assertSame(wide, cache.valid("h"));
    }

    @Test
    void aLookupStartedBeforeAFlushIsNotCached() {
        long ticket = cache.ticket();
        cache.flush();
        cache.putValid("h", wide, ticket);
        assertNull(cache.valid("h"));
    }
}
