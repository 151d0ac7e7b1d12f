package dev.patrol.identity;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes identity lifecycle events on the SmallRye channel {@code identity-events}: a consumer
 * group (one instance acts on each event) whose offsets the connector commits only once an event
 * has been applied ({@code commit-strategy=throttled}, application.properties): a crash retries it,
 * and applying it twice changes nothing more. While the database is away an event is retried,
 * never passed over. A record that is not an event Patrol understands is logged, counted ({@code
 * patrol_identity_events_unreadable_total}) and passed over.
 */
@ApplicationScoped
public class IdentityListener {

    private static final Logger LOG = Logger.getLogger(IdentityListener.class);
    /** One attempt to apply an event; then it is tried again. */
    private static final Duration ATTEMPT = Duration.ofSeconds(60);

    @Inject
    IdentityEventCodec codec;

    @Inject
    IdentityChanges changes;

    private final Counter unreadable;

    @Inject
    public IdentityListener(MeterRegistry registry) {
        unreadable = registry.counter("patrol.identity.events.unreadable");
    }

    @Incoming("identity-events")
    public Uni<Void> consume(ConsumerRecord<String, String> r) {
        IdentityChange change;
        try {
            change = codec.fromKafka(r.headers(), r.value());
        } catch (IdentityEventCodec.UnreadableEvent e) {
            unreadable.increment();
            LOG.errorf("ignoring identity record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> changes.apply(change, IdentityChanges.identityProvider()))
                .ifNoItem()
                .after(ATTEMPT)
                .fail()
                .onFailure()
                .invoke(e -> LOG.errorf(
                        "identity record %s-%d@%d not applied (%s); retrying",
                        r.topic(), r.partition(), r.offset(), e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely()
                .replaceWithVoid();
    }
}
