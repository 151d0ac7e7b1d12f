package dev.patrol.domain;

/** The author of a command, recorded on every event it produces. */
public record Actor(ActorKind kind, String id, String clientIp, String userAgent) {

    public static Actor user(String id, String clientIp, String userAgent) {
        return new Actor(ActorKind.USER, id, clientIp, userAgent);
    }
}
