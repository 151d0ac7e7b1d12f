package dev.patrol.edge;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Invalidation;
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

    /** Counts evictions and flushes; a lookup's ticket is its value when the lookup started. */
    private final AtomicLong generation = new AtomicLong();
    /** The generation of each secret's last eviction, kept as long as a cached answer lives. */
    private final Cache<String, Long> evictedAt;
    /** The generation of the last flush: lookups that started before it are not cached. */
    private volatile long flushedAt;

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
                .build();
        unknown = Caffeine.newBuilder()
                .maximumSize(c.maximumSize())
                .expireAfterWrite(c.negativeTtl().toNanos(), TimeUnit.NANOSECONDS)
                .build();
        evictedAt = Caffeine.newBuilder()
                .maximumSize(c.maximumSize())
                .expireAfterWrite(c.ttl().toNanos(), TimeUnit.NANOSECONDS)
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

    /**
     * A lookup's ticket, taken before it reads the read model: {@link #putValid} then caches its answer
     * only if nothing about that secret was evicted since (a narrowing, a shortened expiry, a
     * quarantine), since the answer may predate the change the eviction announced.
     */
    public long ticket() {
        return generation.get();
    }

    /**
     * Caches a lookup unless the secret died or was evicted after {@code ticket} was taken (a
     * broadcast may overtake a slow read). Decided and written under the key's lock, so an eviction
     * either is seen here or removes what was put.
     */
    public void putValid(String hash, ValidToken token, long ticket) {
        if (!enabled || !hearing() || ticket < flushedAt) {
            return;
        }
        valid.asMap().compute(hash, (h, current) -> {
            Long changed = evictedAt.getIfPresent(h);
            return tombstones.getIfPresent(h) != null || (changed != null && changed > ticket) ? current : token;
        });
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
        long g = generation.incrementAndGet();
        hashes.forEach(h -> evictedAt.put(h, g)); // before the removal: see putValid
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
        flushedAt = generation.incrementAndGet();
        valid.invalidateAll();
        unknown.invalidateAll();
    }

    /** Applies a message of the broadcast: its dead secrets die, its stale entries go. */
    public void apply(Invalidation invalidation) {
        Death death = invalidation.reason().equals("revoked") ? Death.REVOKED : Death.REPLACED;
        invalidation.deadSecretHashes().forEach(h -> kill(h, death));
        evict(invalidation.staleSecretHashes());
    }
}
