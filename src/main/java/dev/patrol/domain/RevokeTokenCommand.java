package dev.patrol.domain;

import java.util.UUID;

/** Revoke a token for good. */
public record RevokeTokenCommand(UUID tokenId, RevokeReason reason, Actor actor) implements TokenCommand {}
