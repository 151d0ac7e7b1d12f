package dev.patrol.write;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.repository.CommitNotices;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Tells a waiting command what the projector did with its record. Whichever instance projects a
 * record announces the outcome with {@code pg_notify} inside its transaction, so every instance
 * hears it exactly when it is committed (read-your-writes), whoever owns the partition.
 */
@ApplicationScoped
public class ProjectionOutcomes {

    private static final Logger LOG = Logger.getLogger(ProjectionOutcomes.class);
    static final String CHANNEL = dev.patrol.repository.ReadModelWriter.OUTCOME_CHANNEL;

    /** What the projector did with a record. */
    public enum Outcome {
        APPLIED,
        REJECTED
    }

    private final Map<UUID, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    @Inject
    CommitNotices notices;

    // A missed notice only delays the answer to the read model's check.
    void onStart(@Observes StartupEvent event) {
        notices.listen(CHANNEL, this::onNotification);
    }

    /** Call before the record is sent, so that no notice can arrive unseen. */
    public void expect(UUID recordId) {
        waiting.put(recordId, new CompletableFuture<>());
    }

    public void forget(UUID recordId) {
        waiting.remove(recordId);
    }

    /** The outcome, or null if none was heard within the timeout. */
    public Uni<Outcome> await(UUID recordId, Duration timeout) {
        CompletableFuture<Outcome> f = waiting.get(recordId);
        if (f == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(f).ifNoItem().after(timeout).recoverWithItem(() -> null);
    }

    private void onNotification(String payload) {
        for (String entry : payload.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                CompletableFuture<Outcome> f = waiting.get(UUID.fromString(entry.substring(0, colon)));
                if (f != null) {
                    f.complete(entry.charAt(colon + 1) == 'A' ? Outcome.APPLIED : Outcome.REJECTED);
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("ignoring malformed projection notice");
            }
        }
    }
}
