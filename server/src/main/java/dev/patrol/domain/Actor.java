package dev.patrol.domain;

/** The author of a command, recorded on every event it produces. */
public record Actor(ActorKind kind, String id, String clientIp, String userAgent) {

    public static Actor user(String id, String clientIp, String userAgent) {
        return new Actor(ActorKind.USER, id, clientIp, userAgent);
    }

    /** An administrator acting on someone else's token (recorded as such, never as the owner). */
    public static Actor admin(String id, String clientIp, String userAgent) {
        return new Actor(ActorKind.ADMIN, id, clientIp, userAgent);
    }

    /** Whoever presented the token's secret, proving nothing else (RFC 7009 revocation), from where. */
    public static Actor holder(String clientIp, String userAgent) {
        return new Actor(ActorKind.HOLDER, "oauth2-revoke", clientIp, userAgent);
    }

    /** Patrol itself, for a cause named by {@code id} (e.g. {@code policy}, {@code leak-report}). */
    public static Actor system(String id, String clientIp, String userAgent) {
        return new Actor(ActorKind.SYSTEM, id, clientIp, userAgent);
    }
}
