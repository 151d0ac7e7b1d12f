package dev.patrol.edge;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The valid-token cache's two bounds: the TTL (the safety net when a broadcast is lost), however often
 * the token is read meanwhile, and the number of entries.
 */
class EdgeCacheBoundsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aTokenReadAgainAndAgainIsNotServedPastItsTtl() throws InterruptedException {
        EdgeCache cache = hearing(new EdgeCache(new EdgeCacheHearingTest.SmallCache(Duration.ofSeconds(2)), registry));
        ValidToken token = EdgeCacheHearingTest.token();
        cache.putValid("h", token, cache.ticket());
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            assertSame(token, cache.valid("h"));
        }
        Thread.sleep(1_500);
        assertNull(cache.valid("h"), "served past its TTL");
    }

    @Test
    void theCacheKeepsToItsSizeWhenEveryEntryIsRead() throws InterruptedException {
        EdgeCache cache = hearing(new EdgeCache(new EdgeCacheHearingTest.SmallCache(), registry));
        for (int i = 0; i < 1_000; i++) {
            cache.putValid("h" + i, EdgeCacheHearingTest.token(), cache.ticket());
            cache.valid("h" + (i / 2));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (size() > 100 && System.nanoTime() < deadline) {
            Thread.sleep(20); // evictions run on Caffeine's executor
        }
        assertTrue(size() <= 100, "entries: " + size());
    }

    private double size() {
        return registry.get("patrol.edge.cache.size").gauge().value();
    }

    private static EdgeCache hearing(EdgeCache cache) {
        cache.hearingUntil(System.nanoTime() + Duration.ofSeconds(60).toNanos());
        return cache;
    }
}
