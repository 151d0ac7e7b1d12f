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

    /** Valid tokens are served from here only while this instance hears the broadcast. */
    private volatile boolean hearing;

    @Inject
    public EdgeCache(PatrolConfig config, MeterRegistry registry) {
        PatrolConfig.Cache c = config.cache();
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
    }

    public boolean enabled() {
        return enabled;
    }

    public Death tombstone(String hash) {
        return tombstones.getIfPresent(hash);
    }

    public ValidToken valid(String hash) {
        return enabled && hearing ? valid.getIfPresent(hash) : null;
    }

    public boolean knownUnknown(String hash) {
        return enabled && unknown.getIfPresent(hash) != null;
    }

    /** Caches a lookup unless the secret died meanwhile (a broadcast may overtake a slow read). */
    public void putValid(String hash, ValidToken token) {
        if (enabled && hearing && tombstones.getIfPresent(hash) == null) {
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
     * Whether this instance hears every invalidation from now on ({@link InvalidationListener}).
     * While it does not, nothing valid is cached or served from the cache: a revocation made on
     * another instance could not reach it.
     */
    void hearing(boolean hearing) {
        this.hearing = hearing;
        if (!hearing) {
            flush();
        }
    }

    /** Forgets every cached validation (tombstones stay: dead is dead). */
    public void flush() {
        valid.invalidateAll();
        unknown.invalidateAll();
    }
}
