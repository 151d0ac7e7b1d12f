package dev.patrol.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.Notices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Finds tokens that crossed an expiry threshold (30, 7 and 1 days before expiry, and expiry itself)
 * and creates one notice each. Every instance may scan: a notice's key (threshold, token, expiry) is
 * unique in the database, so whichever instance inserts it first creates it, and no instance ever
 * creates it again, also after restarts. A token that was created inside a threshold (a 5-day token
 * and the 7-day notice), or whose threshold passed longer ago than the late limit, gets no notice
 * for it; only the most urgent threshold due is noticed. A new expiry arms the thresholds again.
 */
@ApplicationScoped
public class ExpiryScheduler {

    private static final Logger LOG = Logger.getLogger(ExpiryScheduler.class);

    @Inject
    Notices notices;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    NoticePublisher publisher;

    private final AtomicBoolean scanning = new AtomicBoolean();
    private final Timer scans;
    private final Counter created;
    private long timer = -1;

    @Inject
    public ExpiryScheduler(MeterRegistry registry) {
        scans = Timer.builder("patrol.notices.scan").register(registry);
        created = Counter.builder("patrol.notices.expiry.created")
                .description("expiry notices this instance created (another instance may have created the rest)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.notices().enabled()) {
            timer = vertx.setPeriodic(config.notices().scanInterval().toMillis(), id -> tick());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!scanning.compareAndSet(false, true)) {
            return; // the previous scan is still running
        }
        long t0 = System.nanoTime();
        scan().invoke(n -> created.increment(n))
                .chain(n -> publisher.flush())
                .eventually(() -> scanning.set(false))
                .subscribe()
                .with(
                        sent -> scans.record(Duration.ofNanos(System.nanoTime() - t0)),
                        e -> LOG.warnf(
                                "expiry scan failed, next one in %s: %s",
                                config.notices().scanInterval(), e));
    }

    /** Creates the notices due now; the number created. */
    public Uni<Integer> scan() {
        Instant now = clock.instant();
        List<Duration> thresholds = new ArrayList<>(config.notices().expiringBefore());
        thresholds.sort(Comparator.reverseOrder());
        List<Uni<Integer>> steps = new ArrayList<>();
        for (int i = 0; i < thresholds.size(); i++) {
            Duration upper = thresholds.get(i);
            Duration lower = i + 1 < thresholds.size() ? thresholds.get(i + 1) : Duration.ZERO;
            steps.add(notices.createExpiring(now, upper, lower, config.notices().lateLimit()));
        }
        steps.add(notices.createExpired(now, config.notices().lateLimit()));
        return Multi.createFrom()
                .iterable(steps)
                .onItem()
                .transformToUniAndConcatenate(u -> u)
                .collect()
                .with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }
}
