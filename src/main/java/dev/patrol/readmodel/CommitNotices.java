package dev.patrol.readmodel;

import java.time.Duration;
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
}
