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
import dev.patrol.validation.ReuseRevocation;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** Reuse detection's revocation: a {@link RevokeTokenCommand} by the system, through the handler. */
@ApplicationScoped
public class ReuseRevocationCommands implements ReuseRevocation {

    private static final Logger LOG = Logger.getLogger(ReuseRevocationCommands.class);
    private static final Actor REUSE_DETECTION = new Actor(ActorKind.SYSTEM, "reuse-detection", null, null);

    @Inject
    TokenCommandHandler handler;

    @Override
    public Uni<Void> revoke(UUID tokenId) {
        return handler.handle(
                        tokenId,
                        List.of(new RevokeTokenCommand(tokenId, RevokeReason.REUSE_DETECTED, REUSE_DETECTION)),
                        Set.of())
                .invoke(r -> LOG.warnf(
                        "replaced secret of token %s presented again: token revoked (%s)",
                        tokenId, r.getClass().getSimpleName()))
                .replaceWithVoid();
    }
}
