package dev.patrol.domain;

import java.util.UUID;

/** Give a token a new secret (generated before deciding); the old secret dies. */
public record RegenerateTokenCommand(UUID tokenId, String secretHash, String displayHint, Actor actor)
        implements TokenCommand {}
