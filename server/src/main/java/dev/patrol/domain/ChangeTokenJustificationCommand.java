package dev.patrol.domain;

import java.util.UUID;

/** The owner says why the token needs what it asks, for the administrators who approve it (blank: none). */
public record ChangeTokenJustificationCommand(UUID tokenId, String justification, Actor actor)
        implements TokenCommand {}
