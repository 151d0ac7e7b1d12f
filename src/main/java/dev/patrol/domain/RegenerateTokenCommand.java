package dev.patrol.domain;

import java.util.UUID;

/**
 * Give a token a new secret (generated before deciding); the old secret dies. {@code selfRotation}:
 * the token replaced its own secret, so the old one coming back means it was stolen (reuse detection);
 * an owner's regeneration just kills the old secret.
 */
public record RegenerateTokenCommand(
        UUID tokenId, String secretHash, String displayHint, Actor actor, boolean selfRotation)
        implements TokenCommand {}
