package dev.patrol.domain;

import java.time.Duration;

/** The rules a decision checks besides the token's own state. */
public record TokenPolicy(ScopeCatalogue scopes, Duration defaultLifetime, Duration maxLifetime, int maxNameLength) {}
