package dev.patrol.validation;

/**
 * Who presented a credential, as far as Patrol can tell: the client address (resolved through the
 * trusted proxies only) and the user agent (length-bounded). Recorded when a presentation revokes a
 * token, so the owner can see where the stolen secret came from.
 */
public record Presenter(String clientIp, String userAgent) {

    public static final Presenter UNKNOWN = new Presenter(null, null);
}
