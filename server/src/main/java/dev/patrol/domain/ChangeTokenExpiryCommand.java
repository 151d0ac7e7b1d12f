package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** Move a token's expiry. */
public record ChangeTokenExpiryCommand(UUID tokenId, Instant expiresAt, Actor actor) implements TokenCommand {}
