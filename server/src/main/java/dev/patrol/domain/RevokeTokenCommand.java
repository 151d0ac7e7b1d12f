package dev.patrol.domain;

import java.util.UUID;

/**
 * Revoke a token for good. {@code note}: why, in the words of whoever revoked it (an administrator's
 * reason, where a leak was found); shown to the owner. Optional.
 */
public record RevokeTokenCommand(UUID tokenId, RevokeReason reason, String note, Actor actor) implements TokenCommand {

    public RevokeTokenCommand(UUID tokenId, RevokeReason reason, Actor actor) {
        this(tokenId, reason, null, actor);
    }
}
