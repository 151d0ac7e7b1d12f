package dev.patrol.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.ws.rs.core.NewCookie;

/**
 * Cross-site request forgery protection for the pages' forms (double-submit): every page sets a
 * random value in a cookie that other sites can neither read nor send ({@code SameSite=Strict},
 * {@code HttpOnly}), and each form carries the same value in a hidden field; a form whose field does
 * not match the cookie is refused. A forged form from another site has neither.
 */
final class Csrf {

    static final String COOKIE = "patrol-csrf";
    static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** The value of the request's cookie when it is well-formed, else a new one. */
    static String valueFor(String cookie) {
        if (cookie != null && cookie.length() == 43 && cookie.chars().allMatch(Csrf::base64url)) {
            return cookie;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static NewCookie cookie(String value, boolean secure) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/ui")
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    /** Whether a submitted form's field matches the cookie (compared in constant time). */
    static boolean matches(String cookie, String field) {
        return cookie != null
                && field != null
                && !cookie.isEmpty()
                && MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
