package dev.patrol.leak;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patrol.config.PatrolConfig;
import dev.patrol.validation.ClientAddress;

/**
 * Fixed-window limit of leak reports per client address, per instance (N instances behind a
 * load balancer allow up to N times the limit), counted per IPv4 address or IPv6 /64. Bounded memory:
 * at most 100,000 clients are tracked.
 */
@ApplicationScoped
public class ReportRateLimiter {

    private final Cache<String, AtomicInteger> windows;
    private final int limit;
    private final Duration window;

    @Inject
    public ReportRateLimiter(PatrolConfig config) {
        limit = config.leaks().reportsPerWindow();
        window = config.leaks().window();
        // Expiry counts from the first report of a window: later reports do not extend it.
        windows = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(window.toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    /** Null when {@code client} may report now; else the seconds to wait (Retry-After). */
    public Long refusal(String client) {
        AtomicInteger count = windows.get(ClientAddress.bucket(client), k -> new AtomicInteger());
        return count.incrementAndGet() <= limit ? null : Math.max(1, window.toSeconds());
    }
}
