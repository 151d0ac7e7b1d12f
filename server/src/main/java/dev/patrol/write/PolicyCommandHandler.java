package dev.patrol.write;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Policies;
import dev.patrol.domain.PolicyDecider;
import dev.patrol.domain.PolicyDecision;
import dev.patrol.domain.PolicySetEvent;
import dev.patrol.domain.PolicyState;
import dev.patrol.domain.Rejection;
import dev.patrol.domain.SetPolicyCommand;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.PolicyEventCodec;
import dev.patrol.policy.PolicyLog;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The write path of policies: decide against the state this instance has folded, append the event
 * to the policy topic (key = scope), and answer once this instance has folded it (read-your-writes;
 * every other instance folds the same record in the same order).
 */
@ApplicationScoped
public class PolicyCommandHandler {

    private static final Logger LOG = Logger.getLogger(PolicyCommandHandler.class);

    /** The outcome of a policy change. */
    public sealed interface Result {
        record Applied(PolicySetEvent event) implements Result {}

        record Rejected(Rejection rejection) implements Result {}

        /** Not confirmed in time (or the policy topic has not been read yet): the caller answers 503. */
        record Unknown(UUID eventId) implements Result {}
    }

    @Inject
    PolicyLog log;

    @Inject
    PolicyEventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    TokenCommandHandler tokens;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    @Channel("policy-events")
    MutinyEmitter<String> events;

    public Uni<Result> handle(SetPolicyCommand command) {
        Policies policies = log.current();
        UUID eventId = UUID.randomUUID();
        if (policies == null) {
            return Uni.createFrom().item(new Result.Unknown(eventId));
        }
        PolicyState current = policies.states().get(command.scope());
        PolicyDecision decision =
                PolicyDecider.decide(current, command, tokens.policy().scopes(), clock.instant(), eventId);
        if (decision instanceof PolicyDecision.Rejected r) {
            return Uni.createFrom().item(new Result.Rejected(r.rejection()));
        }
        PolicySetEvent event = ((PolicyDecision.Accepted) decision).event();
        String key = event.scope();
        String value = codec.encode(event);
        log.expect(eventId);
        return events.sendMessage(Message.of(value)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(key)
                                .withHeaders(signature.sign(key, value))
                                .build()))
                .ifNoItem()
                .after(config.write().appendTimeout())
                .fail()
                .chain(() -> log.outcome(eventId, config.write().projectionTimeout()))
                .map(applied -> applied == null
                        ? (Result) new Result.Unknown(eventId)
                        : applied
                                ? new Result.Applied(event)
                                : new Result.Rejected(
                                        Rejection.conflict("the policy was changed concurrently; reload it and retry")))
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "appending policy change %s failed: %s",
                            eventId, e.getClass().getSimpleName());
                    return new Result.Unknown(eventId);
                })
                .eventually(() -> log.forget(eventId));
    }
}
