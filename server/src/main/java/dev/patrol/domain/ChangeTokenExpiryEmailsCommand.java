package dev.patrol.domain;

import java.util.UUID;

/** Turn expiry notices by mail for a token on or off. */
public record ChangeTokenExpiryEmailsCommand(UUID tokenId, boolean expiryEmails, Actor actor) implements TokenCommand {}
