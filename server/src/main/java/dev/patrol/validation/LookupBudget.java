package dev.patrol.validation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the database lookups of validation in flight: on this instance, and per client address.
 * A flood of well-formed random tokens (they pass the offline checksum, so only the database can
 * refuse them) then costs the database at most the instance bound, and one flooding client at most
 * its share, so clients at other addresses keep getting their lookups. Beyond a bound the caller is
 * answered at once (429 for the client's bound, 503 for the instance's), never queued.
 */
final class LookupBudget {

    /** Why a lookup was not admitted. */
    enum Refusal {
        /** This client has its share of lookups in flight. */
        CLIENT,
        /** The instance has every lookup it allows in flight. */
        INSTANCE
    }

    private final int max;
    private final int maxPerClient;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

    LookupBudget(int max, int maxPerClient) {
        this.max = max;
        this.maxPerClient = maxPerClient;
    }

    /** Null if admitted (then {@link #release} exactly once), else why not. */
    Refusal admit(String client) {
        String key = client == null ? "" : client;
        boolean[] admitted = {false};
        perClient.compute(key, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < maxPerClient) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            return Refusal.CLIENT;
        }
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            releaseClient(key);
            return Refusal.INSTANCE;
        }
        return null;
    }

    void release(String client) {
        inFlight.decrementAndGet();
        releaseClient(client == null ? "" : client);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Clients with lookups in flight (so the map cannot grow with addresses seen once). */
    int clients() {
        return perClient.size();
    }

    private void releaseClient(String key) {
        perClient.computeIfPresent(key, (k, n) -> n.decrementAndGet() == 0 ? null : n);
    }
}
