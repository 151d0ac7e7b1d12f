package dev.patrol.leak;

import java.time.Clock;
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
import dev.patrol.domain.TokenSecrets;
import dev.patrol.readmodel.TokenQueries;
import dev.patrol.validation.Presenter;
import dev.patrol.write.CommandResult;
import dev.patrol.write.TokenCommandHandler;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    /** One candidate token and where it was found. */
    public record Candidate(String token, String url, String source) {}

    @Inject
    TokenQueries queries;

    @Inject
    TokenCommandHandler handler;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

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
        return queries.findBySecretHash(TokenSecrets.hash(c.token())).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            var token = found.get();
            Uni<Boolean> revoked = token.isRevoked()
                    ? Uni.createFrom().item(false)
                    : handler.handle(
                                    token.tokenId(),
                                    List.of(new RevokeTokenCommand(
                                            token.tokenId(),
                                            RevokeReason.LEAKED,
                                            "found in public" + (c.url() == null ? "" : " at " + c.url()),
                                            new Actor(
                                                    ActorKind.SYSTEM,
                                                    ACTOR,
                                                    reporter.clientIp(),
                                                    reporter.userAgent()))),
                                    Set.of())
                            .map(r -> r instanceof CommandResult.Applied);
            return revoked.emitOn(r -> context.runOnContext(v -> r.run())).chain(didRevoke -> {
                LeakFinding f = new LeakFinding();
                f.id = UUID.randomUUID();
                f.tokenId = token.tokenId();
                f.owner = token.owner();
                f.url = c.url();
                f.source = c.source();
                f.reporterIp = reporter.clientIp();
                f.reportedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                f.revoked = didRevoke;
                LOG.warnf("token %s reported leaked%s", token.tokenId(), didRevoke ? ": revoked" : " (was revoked)");
                return Panache.withTransaction(f::persist).replaceWithVoid();
            });
        });
    }

    /** Findings about one token, newest first. */
    public Uni<List<LeakFinding>> ofToken(UUID tokenId) {
        return Panache.withSession(() -> LeakFinding.<LeakFinding>find("tokenId = ?1 order by reportedAt desc", tokenId)
                .list());
    }

    /** The newest findings about anyone's tokens. */
    public Uni<List<LeakFinding>> newest(int limit) {
        return Panache.withSession(() -> LeakFinding.<LeakFinding>find("order by reportedAt desc, id desc")
                .page(0, limit)
                .list());
    }
}
