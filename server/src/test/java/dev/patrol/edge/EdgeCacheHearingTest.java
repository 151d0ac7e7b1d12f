package dev.patrol.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Networks;
import dev.patrol.domain.OrganizationBinding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The cache's own deadline on hearing the broadcast: it stops serving when the last confirmation is
 * too old, whether or not the listener (which may be stuck in a call to a dead broker) has noticed.
 */
class EdgeCacheHearingTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EdgeCache cache = new EdgeCache(new SmallCache(), registry);
    final ValidToken token = token();

    @Test
    void nothingIsServedBeforeTheListenerFirstConfirms() {
        cache.putValid("h", token, cache.ticket());
        assertNull(cache.valid("h"));
        assertEquals(0.0, trustedGauge());
    }

    @Test
    void cacheStopsServingAtItsDeadlineWithoutTheListener() throws InterruptedException {
        cache.hearingUntil(System.nanoTime() + Duration.ofMillis(300).toNanos());
        cache.putValid("h", token, cache.ticket());
        assertSame(token, cache.valid("h"));
        assertEquals(1.0, trustedGauge());

        Thread.sleep(400);
        assertNull(cache.valid("h"), "served past the deadline");
        cache.putValid("late", token, cache.ticket());
        assertEquals(0.0, trustedGauge());

        // Confirmed again: what was cached before is served (the listener applied every invalidation
        // up to the confirmation); nothing was cached while the deadline had passed.
        cache.hearingUntil(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        assertSame(token, cache.valid("h"));
        assertNull(cache.valid("late"));
    }

    @Test
    void deafForgetsWhatWasCached() {
        cache.hearingUntil(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        cache.putValid("h", token, cache.ticket());
        cache.deaf();
        assertNull(cache.valid("h"));
        cache.hearingUntil(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        assertNull(cache.valid("h"), "still cached after deaf()");
    }

    private double trustedGauge() {
        return registry.get("patrol.edge.cache.trusted").gauge().value();
    }

    static ValidToken token() {
        Instant now = Instant.now();
        return new ValidToken(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "carol",
                "ci",
                Set.of("code:read"),
                OrganizationBinding.allOrganizations(),
                Set.of(),
                Set.of(),
                Set.of(),
                now,
                now,
                now.plusSeconds(3600),
                1,
                Networks.of(List.of()),
                new ValidToken.Text("id", "code:read", "", now.toString(), "ptl_...abcd"));
    }

    /** {@link PatrolConfig.Cache} with its defaults, but room for 100 entries (and the TTL given). */
    static final class SmallCache implements PatrolConfig.Cache {
        private final Duration ttl;

        SmallCache() {
            this(Duration.ofSeconds(60));
        }

        SmallCache(Duration ttl) {
            this.ttl = ttl;
        }

        public boolean enabled() {
            return true;
        }

        public long maximumSize() {
            return 100;
        }

        public Duration ttl() {
            return ttl;
        }

        public Duration negativeTtl() {
            return Duration.ofSeconds(5);
        }

        public Duration tombstoneTtl() {
            return Duration.ofHours(24);
        }

        public Duration maxUnconfirmed() {
            return Duration.ofSeconds(5);
        }
    }
}
