package dev.patrol.service;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One applied event of a token's history. {@code data} is the event as stored (hashes, never secrets). */
public record HistoryView(
        UUID eventId,
        long version,
        String type,
        Instant occurredAt,
        String actorKind,
        String actorId,
        Map<String, Object> data) {}
