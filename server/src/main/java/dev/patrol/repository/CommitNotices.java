package dev.patrol.repository;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's LISTEN connection to the read model's database. The projector announces with
 * {@code pg_notify} inside its transactions, so every instance hears an announcement exactly when the
 * change is committed, whichever instance projected it. Announcements are a shortcut, never the only
 * path: one can be missed (reconnecting), and every listener has a slower, complete path behind it.
 */
@ApplicationScoped
public class CommitNotices {

    /**
     * The channel on which the projector also announces the invalidations it commits (a JSON array of
     * broadcast messages): instances sharing the database act on them at once.
     */
    public static final String INVALIDATION_CHANNEL = "patrol_invalidation";

    private PgSubscriber subscriber;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /**
     * Calls {@code handler} (on an event loop: it must not block) with the payload of every
     * announcement on {@code channel}. Channels registered by startup observers are listened to before
     * the first request is served; a later registration listens from a moment after the call.
     */
    public synchronized void listen(String channel, Consumer<String> handler) {
        subscriber().channel(channel).handler(handler);
    }

    private PgSubscriber subscriber() {
        if (subscriber == null) {
            PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
            username.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
            subscriber = PgSubscriber.subscriber(vertx, options);
            subscriber.reconnectPolicy(retries -> 500L); // keep trying; what is missed meanwhile takes the slow path
        }
        return subscriber;
    }

    // After the observers of default priority (2500), which register their channels: all are
    // listened to when the connection opens, before the first request is served.
    synchronized void onStart(@Observes @Priority(3000) StartupEvent event) {
        subscriber().connect().await().atMost(Duration.ofSeconds(30));
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    private static final int NOTIFY_BYTES = 7900; // pg_notify payloads must stay under 8000 bytes

    /**
     * The announcements of these broadcast messages at the commit of the transaction that queues them
     * (parameters of {@code SELECT pg_notify($1, $2)}): JSON arrays of messages on {@code channel},
     * each under pg_notify's limit. Instances sharing the database drop
     * what is stale at the commit, without waiting for the broadcast (which still carries every
     * message, to every cache).
     */
    public static List<Tuple> announcements(String channel, List<String> messages) {
        List<Tuple> notices = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0; // of the payload so far, without its closing bracket
        for (String m : messages) {
            int size = m.getBytes(StandardCharsets.UTF_8).length + 1; // with its '[' or ','
            if (size + 1 > NOTIFY_BYTES) {
                continue; // too large to announce: the broadcast alone carries it
            }
            if (bytes + size + 1 > NOTIFY_BYTES) {
                notices.add(Tuple.of(channel, payload.append(']').toString()));
                payload.setLength(0);
                bytes = 0;
            }
            payload.append(bytes == 0 ? '[' : ',').append(m);
            bytes += size;
        }
        if (bytes > 0) {
            notices.add(Tuple.of(channel, payload.append(']').toString()));
        }
        return notices;
    }
}
