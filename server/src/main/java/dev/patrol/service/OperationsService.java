package dev.patrol.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.projection.ReadModelRebuild;
import dev.patrol.repository.Quarantine;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * What operators do to the read model: the records the projector would not apply (the quarantine),
 * lifting the refusal of the tokens they name, and a rebuild from the events topic.
 */
@ApplicationScoped
public class OperationsService {

    private static final Logger LOG = Logger.getLogger(OperationsService.class);

    @Inject
    Quarantine quarantine;

    @Inject
    ReadModelRebuild rebuild;

    @Inject
    Caller caller;

    /** Unresolved dead-lettered records and the tokens they hold refused. */
    public Uni<List<Quarantine.Entry>> quarantined() {
        return quarantine.unresolved();
    }

    /** Accepts the token again; answers how many of its records were resolved (none: not found). */
    public Uni<Outcome<Integer>> resolve(String tokenId) {
        var id = TokenService.parseId(tokenId);
        if (id == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        return quarantine
                .resolve(id, caller.subject())
                .map(n -> n == 0 ? Outcome.refused(Refusal.notFound()) : Outcome.done(n));
    }

    /** Rebuilds the read model (blocking: a worker thread's); the current one stays if it cannot finish. */
    public Outcome<ReadModelRebuild.Report> rebuild() {
        try {
            return Outcome.done(rebuild.rebuild());
        } catch (ReadModelRebuild.AlreadyRunning e) {
            return Outcome.refused(Refusal.conflict(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("read model rebuild failed; the current read model is unchanged", e);
            return Outcome.refused(Refusal.unavailable("the rebuild could not finish; the read model is unchanged"));
        }
    }
}
