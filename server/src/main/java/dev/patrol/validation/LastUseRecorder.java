package dev.patrol.validation;

import java.time.Clock;
import java.time.Duration;
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
import dev.patrol.repository.RefusedUses;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Records when, from where and by what a token was last used, and the uses refused for where they
 * came from, off the hot path: a validation only updates a map; a timer writes at most one row per
 * token (per token and address for refusals) per interval in one batch.
 */
@ApplicationScoped
public class LastUseRecorder {

    private static final Logger LOG = Logger.getLogger(LastUseRecorder.class);
    private static final long FLUSH_EVERY_MS = 2000;

    /** One observed use. */
    record Use(Instant at, String clientIp, String userAgent, String reason) {}

    /** One refused use of a token from an address. */
    record Refusal(UUID tokenId, String clientIp) {}

    /** Refused uses waiting for the next flush are bounded: a flood from many addresses drops the excess. */
    private static final int MAX_PENDING_REFUSALS = 10_000;

    private final Map<UUID, Use> pending = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();
    private final Map<Refusal, Use> pendingRefusals = new ConcurrentHashMap<>();
    private final Map<Refusal, Instant> writtenRefusals = new ConcurrentHashMap<>();
    private long timer = -1;
    /** When the maps of writes were last swept (flushes run on one event loop, one at a time). */
    private Instant sweptAt = Instant.EPOCH;

    @Inject
    LastUses lastUses;

    @Inject
    RefusedUses refusedUses;

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
        pending.put(tokenId, new Use(now, clientIp, agent, null));
    }

    /**
     * A use of {@code tokenId} from {@code clientIp} (null: unknown) refused for {@code reason}
     * ({@code network}): kept for its owner and administrators, once per token and address per interval.
     */
    public void refused(UUID tokenId, String clientIp, String userAgent, String reason) {
        Refusal key = new Refusal(tokenId, clientIp);
        Instant now = clock.instant();
        Instant last = writtenRefusals.get(key);
        if (last != null && now.isBefore(last.plus(config.validation().lastUseInterval()))
                || pendingRefusals.size() >= MAX_PENDING_REFUSALS) {
            return;
        }
        String agent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 256));
        pendingRefusals.putIfAbsent(key, new Use(now, clientIp, agent, reason));
    }

    void flush() {
        sweep();
        flushRefusals();
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
        lastUses.record(rows)
                .subscribe()
                .with(
                        ok -> {},
                        e -> LOG.warnf(
                                "recording last use failed: %s", e.getClass().getSimpleName()));
    }

    /**
     * Forgets the writes older than the interval once the map is large, at most once per interval:
     * a scan of a million entries on every flush, finding none old enough (every token in use), held
     * the event loop 40-90 ms (timed alone on this machine) every two seconds.
     */
    private void sweep() {
        Instant now = clock.instant();
        Duration interval = config.validation().lastUseInterval();
        if (written.size() + writtenRefusals.size() > 100_000 && !now.isBefore(sweptAt.plus(interval))) {
            sweptAt = now;
            Instant horizon = now.minus(interval);
            written.values().removeIf(t -> t.isBefore(horizon));
            writtenRefusals.values().removeIf(t -> t.isBefore(horizon));
        }
    }

    private void flushRefusals() {
        if (pendingRefusals.isEmpty()) {
            return;
        }
        List<RefusedUses.Use> rows = new ArrayList<>();
        for (Refusal key : List.copyOf(pendingRefusals.keySet())) {
            Use use = pendingRefusals.remove(key);
            if (use != null) {
                writtenRefusals.put(key, use.at());
                rows.add(new RefusedUses.Use(key.tokenId(), use.at(), use.clientIp(), use.userAgent(), use.reason()));
            }
        }
        refusedUses
                .record(rows)
                .subscribe()
                .with(
                        ok -> {},
                        e -> LOG.warnf(
                                "recording refused uses failed: %s",
                                e.getClass().getSimpleName()));
    }
}
