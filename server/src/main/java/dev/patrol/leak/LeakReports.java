package dev.patrol.leak;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Actor;
import dev.patrol.domain.ActorKind;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.repository.LeakFinding;
import dev.patrol.repository.LeakFindings;
import dev.patrol.validation.NamedSecret;
import dev.patrol.validation.PatValidator;
import dev.patrol.validation.Presenter;
import dev.patrol.write.CommandResult;
import dev.patrol.write.TokenCommandHandler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Acts on a secret scanner's report: every candidate that is a well-formed Patrol token (checksum
 * verified offline first) and matches an active token revokes it (reason {@code LEAKED}, actor the
 * system, the reporter's address), and the finding is kept for the owner and administrators.
 * Runs after the report is answered, so that neither the answer nor its timing tells the reporter
 * whether anything matched.
 */
@ApplicationScoped
public class LeakReports {

    private static final Logger LOG = Logger.getLogger(LeakReports.class);
    private static final String ACTOR = "leak-report";
    /** The revocation's note: where the token was found is in the finding, not the event. */
    static final String NOTE = "found in public (leak report)";

    private static final int RETRIES = 3;
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    /** One candidate token and where it was found. */
    public record Candidate(String token, String url, String source) {}

    @Inject
    PatValidator validator;

    @Inject
    TokenCommandHandler handler;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    LeakFindings findings;

    /** Starts acting on the report in the background; returns at once. */
    public void process(List<Candidate> candidates, Presenter reporter) {
        Context context = Vertx.currentContext();
        Multi.createFrom()
                .iterable(candidates)
                .filter(c ->
                        TokenSecrets.isWellFormed(c.token(), config.tokens().prefix()))
                .onItem()
                .transformToUniAndConcatenate(c -> one(c, reporter, context))
                .collect()
                .last()
                .subscribe()
                .with(
                        x -> {},
                        e -> LOG.errorf(
                                "acting on a leak report failed: %s",
                                e.getClass().getSimpleName()));
    }

    private Uni<Void> one(Candidate c, Presenter reporter, Context context) {
        return attempt(c.token(), reporter, context)
                .onFailure()
                .retry()
                .withBackOff(RETRY_BACKOFF)
                .atMost(RETRIES)
                .onFailure(NotRevoked.class)
                .recoverWithItem(e -> new Acted(((NotRevoked) e).token, LeakFinding.Outcome.FAILED))
                .chain(acted -> {
                    if (acted == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Token token = acted.token();
                    if (acted.outcome() == LeakFinding.Outcome.FAILED) {
                        LOG.errorf(
                                "token %s reported leaked but its revocation was not confirmed after %d attempts: "
                                        + "it may still be active",
                                token.tokenId(), RETRIES + 1);
                    } else {
                        LOG.warnf(
                                "token %s reported leaked: %s",
                                token.tokenId(), acted.outcome().wireName());
                    }
                    return findings.record(new LeakFinding(
                            UUID.randomUUID(),
                            token.tokenId(),
                            token.owner(),
                            c.url(),
                            c.source(),
                            reporter.clientIp(),
                            clock.instant().truncatedTo(ChronoUnit.MICROS),
                            acted.outcome()));
                })
                .onFailure()
                .recoverWithItem(e -> {
                    // The database failed throughout: this candidate is lost, the report's others go on.
                    LOG.errorf(
                            "acting on a leaked candidate failed: %s",
                            e.getClass().getSimpleName());
                    return null;
                });
    }

    /** What one attempt did to the token whose secret was reported. */
    private record Acted(Token token, LeakFinding.Outcome outcome) {}

    /** The revocation of {@code token} was refused or not confirmed: retried, then recorded as failed. */
    private static final class NotRevoked extends RuntimeException {
        final transient Token token;

        NotRevoked(Token token) {
            super("revocation not confirmed", null, false, false);
            this.token = token;
        }
    }

    /**
     * Looks the token up again on every attempt: if a retry finds it revoked meanwhile (by its owner,
     * or by a concurrent report), that is the outcome. The note is fixed: the URL is the scanner's
     * text, kept in the finding only, so nothing it holds can make the revocation invalid.
     */
    private Uni<Acted> attempt(String secret, Presenter reporter, Context context) {
        return validator.lookUpNamed(secret, reporter).chain(named -> {
            if (named instanceof NamedSecret.Shed) {
                // Held to the reporter's share of lookups: a failure, so the attempt is retried later.
                return Uni.createFrom().failure(new IllegalStateException("lookup shed"));
            }
            if (!(named instanceof NamedSecret.Found found)) {
                return Uni.createFrom().<Acted>nullItem();
            }
            Token token = found.token();
            if (token.isRevoked()) {
                return Uni.createFrom().item(new Acted(token, LeakFinding.Outcome.ALREADY_INACTIVE));
            }
            return handler.handle(
                            token.tokenId(),
                            List.of(new RevokeTokenCommand(
                                    token.tokenId(),
                                    RevokeReason.LEAKED,
                                    NOTE,
                                    new Actor(ActorKind.SYSTEM, ACTOR, reporter.clientIp(), reporter.userAgent()))),
                            Set.of())
                    .emitOn(r -> context.runOnContext(v -> r.run()))
                    .map(result -> {
                        if (!(result instanceof CommandResult.Applied)) {
                            throw new NotRevoked(token);
                        }
                        return new Acted(token, LeakFinding.Outcome.REVOKED);
                    })
                    .onFailure(e -> !(e instanceof NotRevoked))
                    .transform(e -> new NotRevoked(token));
        });
    }

    /** Findings about one token, newest first. */
    public Uni<List<LeakFinding>> ofToken(UUID tokenId) {
        return findings.ofToken(tokenId);
    }

    /** The newest findings about anyone's tokens. */
    public Uni<List<LeakFinding>> newest(int limit) {
        return findings.newest(limit);
    }
}
