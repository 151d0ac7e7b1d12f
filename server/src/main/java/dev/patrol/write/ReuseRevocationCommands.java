package dev.patrol.write;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.ActorKind;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.validation.Presenter;
import dev.patrol.validation.ReuseRevocation;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** Reuse detection's revocation: a {@link RevokeTokenCommand} by the system, through the handler. */
@ApplicationScoped
public class ReuseRevocationCommands implements ReuseRevocation {

    private static final Logger LOG = Logger.getLogger(ReuseRevocationCommands.class);
    /** The system actor; its address and agent are the presenter's, so the owner sees where it came from. */
    private static final String REUSE_DETECTION = "reuse-detection";

    @Inject
    TokenCommandHandler handler;

    @Override
    public Uni<Boolean> revoke(UUID tokenId, Presenter presenter) {
        Actor actor = new Actor(ActorKind.SYSTEM, REUSE_DETECTION, presenter.clientIp(), presenter.userAgent());
        return handler.handle(
                        tokenId, List.of(new RevokeTokenCommand(tokenId, RevokeReason.REUSE_DETECTED, actor)), Set.of())
                .map(r -> {
                    LOG.warnf(
                            "replaced secret of token %s presented again: token revoked (%s)",
                            tokenId, r.getClass().getSimpleName());
                    // Rejected here means already revoked (a revocation never loses a race): terminal either way.
                    return !(r instanceof CommandResult.Unknown);
                });
    }
}
