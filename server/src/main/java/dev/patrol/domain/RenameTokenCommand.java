package dev.patrol.domain;

import java.util.UUID;

/** Give a token a new name. */
public record RenameTokenCommand(UUID tokenId, String name, Actor actor) implements TokenCommand {}
