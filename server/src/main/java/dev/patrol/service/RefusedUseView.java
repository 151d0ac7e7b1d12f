package dev.patrol.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.repository.RefusedUses;

/**
 * A use of a real token that validation refused for where it came from: when, from which address
 * (the client's as the trusted-proxy rules derive it; absent when unknown), by what, and why
 * ({@code reason}: {@code network}, outside the token's allowed networks). {@code owner} and
 * {@code name} are the token's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusedUseView(
        UUID tokenId, String owner, String name, Instant refusedAt, String clientIp, String userAgent, String reason) {

    static RefusedUseView of(RefusedUses.Use u) {
        return new RefusedUseView(u.tokenId(), u.owner(), u.name(), u.at(), u.clientIp(), u.userAgent(), u.reason());
    }
}
