package dev.patrol.service;

import java.time.Instant;

/** Optional body of a regeneration: a new expiry, as an instant or in days from now. */
public record RegenerateTokenRequest(Instant expiresAt, Integer lifetimeDays) {}
