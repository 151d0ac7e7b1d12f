package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Give a token a new secret (generated before deciding); the old secret dies. {@code selfRotation}:
 * the token replaced its own secret, so the old one coming back means it was stolen (reuse detection);
 * an owner's regeneration just kills the old secret. {@code expiresAt}: a new expiry (optional; an
 * expired token regenerated without one gets the default lifetime, since regeneration is the only
 * way back for an expired token).
 */
public record RegenerateTokenCommand(
        UUID tokenId, String secretHash, String displayHint, Actor actor, boolean selfRotation, Instant expiresAt)
        implements TokenCommand {

    public RegenerateTokenCommand(
            UUID tokenId, String secretHash, String displayHint, Actor actor, boolean selfRotation) {
        this(tokenId, secretHash, displayHint, actor, selfRotation, null);
    }
}
