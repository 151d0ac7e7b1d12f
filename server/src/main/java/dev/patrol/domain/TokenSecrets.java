package dev.patrol.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * The token format {@code <prefix>_<body><checksum>}: a 43-character base62 body (256 bits from
 * the caller's CSPRNG) and a 6-character base62 CRC32 of prefix and body, so scanners recognise a
 * Patrol token and typos are refused offline. Only {@link #hash} of a token is ever stored or sent.
 */
public final class TokenSecrets {

    public static final int BODY_LENGTH = 43; // 43 * log2(62) = 256.03 bits
    public static final int CHECKSUM_LENGTH = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** One digest per thread: hashing is on every validation, and getInstance looks up providers. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });

    private TokenSecrets() {}

    /** @param random a cryptographically strong generator (SecureRandom) in production */
    public static String generate(String prefix, Random random) {
        StringBuilder body = new StringBuilder(BODY_LENGTH);
        for (int i = 0; i < BODY_LENGTH; i++) {
            body.append(BASE62.charAt(random.nextInt(62)));
        }
        return prefix + "_" + body + checksum(prefix, body);
    }

    /** Shape and checksum only; says nothing about whether the token exists. */
    public static boolean isWellFormed(String token, String prefix) {
        int expected = prefix.length() + 1 + BODY_LENGTH + CHECKSUM_LENGTH;
        if (token == null || token.length() != expected || !token.startsWith(prefix + "_")) {
            return false;
        }
        String rest = token.substring(prefix.length() + 1);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false; // not in BASE62
            }
        }
        String body = rest.substring(0, BODY_LENGTH);
        return rest.substring(BODY_LENGTH).equals(checksum(prefix, body));
    }

    /** SHA-256 of the whole token, lowercase hex. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Prefix and last four characters: enough to recognise a token in a list, useless to an attacker. */
    public static String displayHint(String token) {
        int underscore = token.indexOf('_');
        return token.substring(0, underscore + 1) + "..." + token.substring(token.length() - 4);
    }

    static String checksum(String prefix, CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update((prefix + body).getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
