package dev.patrol.write;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.CutTokenFromOrganizationCommand;
import dev.patrol.domain.Decision;
import dev.patrol.domain.DecisionContext;
import dev.patrol.domain.Invalidation;
import dev.patrol.domain.IssueTokenCommand;
import dev.patrol.domain.Policies;
import dev.patrol.domain.Rejection;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenCommand;
import dev.patrol.domain.TokenDecider;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenEvolver;
import dev.patrol.domain.TokenPolicy;
import dev.patrol.edge.EdgeCache;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.policy.PolicyLog;
import dev.patrol.repository.TokenQueries;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The write path: decide commands against the read model's state, append the events to Kafka
 * (key = token id), then wait until the projector has applied or rejected them.
 */
@ApplicationScoped
public class TokenCommandHandler {

    private static final Logger LOG = Logger.getLogger(TokenCommandHandler.class);

    @Inject
    TokenQueries queries;

    @Inject
    EventCodec codec;

    @Inject
    ProjectionOutcomes outcomes;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    EdgeCache edgeCache;

    @Inject
    EventSignature signature;

    @Inject
    PolicyLog policyLog;

    @Inject
    @Channel("token-events")
    MutinyEmitter<String> events;

    private volatile TokenPolicy policy;

    public TokenPolicy policy() {
        TokenPolicy p = policy;
        if (p == null) {
            PatrolConfig.Tokens t = config.tokens();
            p = new TokenPolicy(
                    new ScopeCatalogue(Set.copyOf(t.scopes())),
                    t.defaultLifetime(),
                    t.maxLifetime(),
                    t.maxNameLength());
            policy = p;
        }
        return p;
    }

    /** The rejection of a command whose event lost the version race at the projector. */
    private static final Rejection LOST_RACE =
            Rejection.conflict("the token was changed concurrently; reload it and retry");

    /** Attempts a revocation makes before it gives up a version race (each against fresher state). */
    private static final int REVOCATION_ATTEMPTS = 5;

    /**
     * Decides {@code commands} (all on {@code tokenId}) as one unit and carries them through. A
     * revocation is terminal: when it loses a version race against a concurrent change it is decided
     * again against the new state, instead of answering 409.
     */
    public Uni<CommandResult> handle(
            UUID tokenId, List<? extends TokenCommand> commands, Set<String> callerOrganizations) {
        return attempt(tokenId, commands, callerOrganizations, governing(commands) ? REVOCATION_ATTEMPTS : 1);
    }

    /**
     * Revocations and cuts only take power away: no policy can refuse them, and one that loses a
     * version race is decided again against the new state instead of answering 409.
     */
    private static boolean governing(List<? extends TokenCommand> commands) {
        return commands.stream()
                .allMatch(c -> c instanceof RevokeTokenCommand || c instanceof CutTokenFromOrganizationCommand);
    }

    private Uni<CommandResult> attempt(
            UUID tokenId, List<? extends TokenCommand> commands, Set<String> callerOrganizations, int attempts) {
        return decideAndAppend(tokenId, commands, callerOrganizations).chain(result -> {
            if (attempts > 1
                    && result instanceof CommandResult.Rejected r
                    && r.rejection().equals(LOST_RACE)) {
                return attempt(tokenId, commands, callerOrganizations, attempts - 1);
            }
            return Uni.createFrom().item(result);
        });
    }

    private Uni<CommandResult> decideAndAppend(
            UUID tokenId, List<? extends TokenCommand> commands, Set<String> callerOrganizations) {
        Policies policies = governing(commands) ? Policies.NONE : policyLog.current();
        if (policies == null) {
            // Policies not read yet: nothing is created or changed unchecked (fail closed); revocations go on.
            return Uni.createFrom().item(new CommandResult.Unknown(UUID.randomUUID()));
        }
        Instant now = clock.instant();
        boolean issuing = commands.get(0) instanceof IssueTokenCommand;
        Uni<Integer> activeTokens = issuing && !policies.isEmpty()
                ? queries.countActive(commands.get(0).actor().id(), now)
                : Uni.createFrom().nullItem();
        return activeTokens.chain(active -> queries.find(tokenId).chain(current -> {
            Token before = current.orElse(null);
            DecisionContext ctx =
                    new DecisionContext(now, policy(), callerOrganizations, UUID::randomUUID, policies, active);
            return carryOut(tokenId, before, TokenDecider.decideAll(before, commands, ctx));
        }));
    }

    private Uni<CommandResult> carryOut(UUID tokenId, Token before, Decision decision) {
        if (decision instanceof Decision.Rejected rejected) {
            return Uni.createFrom().item(new CommandResult.Rejected(rejected.rejection()));
        }
        List<TokenEvent> decided = ((Decision.Accepted) decision).events();
        if (decided.isEmpty()) {
            return Uni.createFrom().item(new CommandResult.Applied(before));
        }
        Token after = before;
        List<Invalidation> invalidations = new java.util.ArrayList<>();
        for (TokenEvent e : decided) {
            Invalidation i = after == null ? null : Invalidation.of(after, e);
            if (i != null) {
                invalidations.add(i);
            }
            after = TokenEvolver.apply(after, e);
        }
        return append(tokenId, decided, after).invoke(result -> {
            if (result instanceof CommandResult.Applied) {
                // Effective on this instance the moment the caller hears of it; others hear the broadcast.
                invalidations.forEach(edgeCache::apply);
            }
        });
    }

    private Uni<CommandResult> append(UUID tokenId, List<TokenEvent> decided, Token after) {
        UUID recordId = decided.get(0).eventId();
        outcomes.expect(recordId);
        String value = codec.encode(decided);
        Message<String> record = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(tokenId.toString())
                        .withHeaders(signature.sign(tokenId.toString(), value))
                        .build());
        return events.sendMessage(record)
                .ifNoItem()
                .after(config.write().appendTimeout())
                .fail()
                .chain(() -> outcomes.await(recordId, config.write().projectionTimeout()))
                .chain(outcome -> outcome != null ? Uni.createFrom().item(outcome) : fromReadModel(recordId))
                .map(outcome -> outcome == null
                        ? (CommandResult) new CommandResult.Unknown(recordId)
                        : outcome == ProjectionOutcomes.Outcome.APPLIED
                                ? new CommandResult.Applied(after)
                                : new CommandResult.Rejected(LOST_RACE))
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "appending record %s failed: %s",
                            recordId, e.getClass().getSimpleName());
                    return new CommandResult.Unknown(recordId);
                })
                .eventually(() -> outcomes.forget(recordId));
    }

    /** A notice can be missed (subscriber reconnecting); the read model has the last word. */
    private Uni<ProjectionOutcomes.Outcome> fromReadModel(UUID recordId) {
        return queries.outcomeOf(recordId).map(o -> switch (o) {
            case APPLIED -> ProjectionOutcomes.Outcome.APPLIED;
            case REJECTED -> ProjectionOutcomes.Outcome.REJECTED;
            case UNKNOWN -> null;
        });
    }
}
