package dev.patrol.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.ws.rs.core.NewCookie;

/**
 * Cross-site request forgery protection for the pages' forms (signed double-submit): every page sets
 * a random value in a cookie other sites can neither read nor send ({@code __Host-}, {@code Secure},
 * {@code SameSite=Strict}, {@code HttpOnly}), and each form carries an HMAC of that value and the
 * signed-in person, keyed with the UI's state secret (shared by every instance). A form is accepted
 * only if its field is the HMAC of the request's cookie for the person signed in: a value planted
 * in a victim's browser, or a pair another person obtained for themselves, does not pass.
 */
final class Csrf {

    /** The cookie where it is {@code Secure} (outside dev): the prefix pins it to this host and path /. */
    static final String SECURE_COOKIE = "__Host-patrol-csrf";
    /** The cookie over plain http (dev: browsers refuse a {@code __Host-} cookie that is not Secure). */
    static final String PLAIN_COOKIE = "patrol-csrf";

    static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    static String cookieName(boolean secure) {
        return secure ? SECURE_COOKIE : PLAIN_COOKIE;
    }

    /** The request's cookie value when it is well-formed, else a new one. */
    static String valueFor(String cookie) {
        if (cookie != null && cookie.length() == 43 && cookie.chars().allMatch(Csrf::base64url)) {
            return cookie;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static NewCookie cookie(String value, boolean secure) {
        return new NewCookie.Builder(cookieName(secure))
                .value(value)
                .path(secure ? "/" : "/ui") // __Host- requires path /
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    /** The value forms carry: HMAC-SHA256 of the cookie's value and the person, with {@code key}. */
    static String field(byte[] key, String cookie, String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(cookie.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(String.valueOf(subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether a submitted form's field is the one for this cookie and person (constant time). */
    static boolean matches(byte[] key, String cookie, String subject, String field) {
        if (cookie == null || field == null || subject == null || !cookie.equals(valueFor(cookie))) {
            return false;
        }
        return MessageDigest.isEqual(
                field(key, cookie, subject).getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
