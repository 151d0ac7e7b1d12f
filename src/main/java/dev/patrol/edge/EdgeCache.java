package dev.patrol.edge;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patrol.config.PatrolConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * This instance's cache of validation results, keyed by secret hash. Three parts: valid tokens
 * (TTL-bounded: the safety net if a broadcast is lost), unknown hashes (briefly), and tombstones
 * for dead secrets, which no later read can bring back to life.
 */
@ApplicationScoped
public class EdgeCache {

    /** Why a secret is dead. */
    public enum Death {
        /** Refused without asking anyone. */
        REVOKED,
        /** Replaced by a new secret: the read model decides whether its return is a reuse to act on. */
        REPLACED
    }

    private static final Object UNKNOWN = new Object();

    private final Cache<String, ValidToken> valid;
    private final Cache<String, Object> unknown;
    private final Cache<String, Death> tombstones;
    private final boolean enabled;

    /**
     * Valid tokens are served from here only until this instant ({@link System#nanoTime()}): as long
     * as this instance is known to hear the broadcast. A deadline read on every lookup, not a flag the
     * listener clears, so a listener stuck in a call to a dead broker cannot stretch it.
     */
    private volatile long hearingUntil = System.nanoTime();

    @Inject
    public EdgeCache(PatrolConfig config, MeterRegistry registry) {
        this(config.cache(), registry);
    }

    EdgeCache(PatrolConfig.Cache c, MeterRegistry registry) {
        enabled = c.enabled();
        valid = Caffeine.newBuilder()
                .maximumSize(c.maximumSize())
                .expireAfterWrite(c.ttl().toNanos(), TimeUnit.NANOSECONDS)
                .recordStats()
                .build();
        unknown = Caffeine.newBuilder()
                .maximumSize(c.maximumSize())
                .expireAfterWrite(c.negativeTtl().toNanos(), TimeUnit.NANOSECONDS)
                .build();
        tombstones = Caffeine.newBuilder()
                .maximumSize(c.maximumSize() * 4)
                .expireAfterWrite(c.tombstoneTtl().toNanos(), TimeUnit.NANOSECONDS)
                .build();
        registry.gauge("patrol.edge.cache.size", valid, Cache::estimatedSize);
        registry.gauge("patrol.edge.cache.tombstones", tombstones, Cache::estimatedSize);
        registry.gauge("patrol.edge.cache.trusted", this, cache -> cache.hearing() ? 1 : 0);
    }

    public boolean enabled() {
        return enabled;
    }

    public Death tombstone(String hash) {
        return tombstones.getIfPresent(hash);
    }

    public ValidToken valid(String hash) {
        return enabled && hearing() ? valid.getIfPresent(hash) : null;
    }

    private boolean hearing() {
        return System.nanoTime() - hearingUntil < 0;
    }

    public boolean knownUnknown(String hash) {
        return enabled && unknown.getIfPresent(hash) != null;
    }

    /** Caches a lookup unless the secret died meanwhile (a broadcast may overtake a slow read). */
    public void putValid(String hash, ValidToken token) {
        if (enabled && hearing() && tombstones.getIfPresent(hash) == null) {
            valid.put(hash, token);
        }
    }

    public void putUnknown(String hash) {
        if (enabled) {
            unknown.put(hash, UNKNOWN);
        }
    }

    public void kill(String hash, Death death) {
        tombstones.put(hash, death);
        valid.invalidate(hash);
    }

    public void evict(Collection<String> hashes) {
        valid.invalidateAll(hashes);
    }

    /**
     * Until when this instance is known to hear every invalidation ({@link InvalidationListener}: the
     * moment it last confirmed having read the whole broadcast, plus the bound). Afterwards nothing
     * valid is cached or served from the cache: a revocation made on another instance might not reach it.
     */
    void hearingUntil(long nanoTime) {
        hearingUntil = nanoTime;
    }

    /** Stops serving valid tokens from the cache now, and forgets them. */
    void deaf() {
        hearingUntil = System.nanoTime();
        flush();
    }

    /** Forgets every cached validation (tombstones stay: dead is dead). */
    public void flush() {
        valid.invalidateAll();
        unknown.invalidateAll();
    }
}
