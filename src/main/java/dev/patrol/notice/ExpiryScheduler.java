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
import dev.patrol.readmodel.TokenRows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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
    public static final String EXPIRING = "patrol.token.expiring";
    public static final String EXPIRED = "patrol.token.expired";

    @Inject
    Pool pool;

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
            steps.add(expiring(now, upper, lower));
        }
        steps.add(expired(now));
        return Multi.createFrom()
                .iterable(steps)
                .onItem()
                .transformToUniAndConcatenate(u -> u)
                .collect()
                .with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> expiring(Instant now, Duration before, Duration next) {
        String key = "'expiring:' || $3::int || ':' || t.token_id || ':' || "
                + "(extract(epoch FROM t.expires_at) * 1000000)::bigint";
        return pool.preparedQuery("INSERT INTO token_notice (id, token_id, owner, type, dedupe_key, occurred_at, data) "
                        + "SELECT gen_random_uuid(), t.token_id, t.owner, '" + EXPIRING + "', " + key + ", "
                        + "$1::timestamptz, " + data("'daysBefore', $3::int") + " FROM rm_token t "
                        + "WHERE t.status = 'ACTIVE' AND t.expires_at > $1::timestamptz + $4::bigint * interval '1 second' "
                        + "AND t.expires_at <= $1::timestamptz + $2::bigint * interval '1 second' "
                        + "AND t.expires_at - $2::bigint * interval '1 second' > t.created_at "
                        // crossed within the late limit, written as a bound on expires_at so that it narrows the index
                        // range
                        + "AND t.expires_at > $1::timestamptz + ($2::bigint - $5::bigint) * interval '1 second' "
                        + notYet(key)
                        + "ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(
                        TokenRows.odt(now),
                        before.toSeconds(),
                        (int) before.toDays(),
                        next.toSeconds(),
                        config.notices().lateLimit().toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private Uni<Integer> expired(Instant now) {
        String key = "'expired:' || t.token_id || ':' || (extract(epoch FROM t.expires_at) * 1000000)::bigint";
        return pool.preparedQuery("INSERT INTO token_notice (id, token_id, owner, type, dedupe_key, occurred_at, data) "
                        + "SELECT gen_random_uuid(), t.token_id, t.owner, '" + EXPIRED + "', " + key + ", "
                        + "$1::timestamptz, " + data("'daysBefore', 0") + " FROM rm_token t "
                        + "WHERE t.status = 'ACTIVE' AND t.expires_at <= $1::timestamptz "
                        + "AND t.expires_at > $1::timestamptz - $2::bigint * interval '1 second' "
                        + notYet(key)
                        + "ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(
                        TokenRows.odt(now), config.notices().lateLimit().toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /**
     * Skips tokens already told before building their notice: a scan meets the same tokens for a
     * day (the late limit), and building and then discarding thousands of rows each time is most of
     * its cost. ON CONFLICT still settles races between instances.
     */
    private static String notYet(String key) {
        return "AND NOT EXISTS (SELECT 1 FROM token_notice n WHERE n.dedupe_key = " + key + ") ";
    }

    /** The notice's data (docs/notices.md), built by the database from the token's row. */
    private static String data(String extra) {
        return "jsonb_build_object('tokenId', t.token_id, 'owner', t.owner, 'name', t.name, "
                + "'scopes', to_jsonb(t.scopes), 'allOrganizations', t.all_organizations, "
                + "'organizations', to_jsonb(t.organizations), "
                + "'expiresAt', to_char(t.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " + extra
                + ")";
    }
}
