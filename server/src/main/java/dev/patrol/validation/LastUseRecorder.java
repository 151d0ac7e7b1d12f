package dev.patrol.validation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.LastUses;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Records when, from where and by what a token was last used, off the hot path: a validation only
 * updates a map; a timer writes at most one row per token per interval in one batch.
 */
@ApplicationScoped
public class LastUseRecorder {

    private static final Logger LOG = Logger.getLogger(LastUseRecorder.class);
    private static final long FLUSH_EVERY_MS = 2000;

    /** One observed use. */
    record Use(Instant at, String clientIp, String userAgent) {}

    private final Map<UUID, Use> pending = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();
    private long timer = -1;

    @Inject
    LastUses lastUses;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    PatrolConfig config;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        flush();
    }

    /** Whether a use of {@code tokenId} now would be written (else {@link #record} drops it): cheap, no allocation of a presenter needed. */
    public boolean due(UUID tokenId) {
        Instant last = written.get(tokenId);
        return last == null
                || !clock.instant().isBefore(last.plus(config.validation().lastUseInterval()));
    }

    public void record(UUID tokenId, String clientIp, String userAgent) {
        if (!due(tokenId)) {
            return;
        }
        Instant now = clock.instant();
        String agent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 256));
        pending.put(tokenId, new Use(now, clientIp, agent));
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<LastUses.Use> rows = new ArrayList<>();
        for (UUID id : List.copyOf(pending.keySet())) {
            Use use = pending.remove(id);
            if (use != null) {
                written.put(id, use.at());
                rows.add(new LastUses.Use(id, use.at(), use.clientIp(), use.userAgent()));
            }
        }
        if (written.size() > 100_000) {
            Instant horizon = clock.instant().minus(config.validation().lastUseInterval());
            written.values().removeIf(t -> t.isBefore(horizon));
        }
        lastUses.record(rows)
                .subscribe()
                .with(
                        ok -> {},
                        e -> LOG.warnf(
                                "recording last use failed: %s", e.getClass().getSimpleName()));
    }
}
