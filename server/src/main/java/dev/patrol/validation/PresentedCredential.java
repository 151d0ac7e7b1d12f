package dev.patrol.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Extracts a PAT from an Authorization header: {@code Basic base64(anything:PAT)} (any username,
 * even empty, as git and curl send it) or {@code Bearer PAT}. A Bearer value that is not shaped
 * like a PAT (a JWT) is not ours: OIDC handles it.
 */
public record PresentedCredential(Kind kind, String secret) {

    public enum Kind {
        /** A PAT (well-formed or not: validation decides). */
        PAT,
        /** Shaped like a PAT attempt but unusable (Basic without colon, empty password, not UTF-8, oversized). */
        MALFORMED_PAT,
        /** Not a PAT at all (no header, or a bearer JWT): leave it to other mechanisms. */
        NOT_PAT
    }

    static final PresentedCredential NOT_A_PAT = new PresentedCredential(Kind.NOT_PAT, null);
    static final PresentedCredential MALFORMED = new PresentedCredential(Kind.MALFORMED_PAT, null);

    public static PresentedCredential parse(String authorization, String prefix, int maxLength) {
        if (authorization == null) {
            return NOT_A_PAT;
        }
        if (authorization.length() > maxLength) {
            return authorization.regionMatches(true, 0, "Basic ", 0, 6) || looksLikePat(authorization, prefix)
                    ? MALFORMED
                    : NOT_A_PAT;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
            } catch (IllegalArgumentException e) {
                return MALFORMED;
            }
            String userPass;
            try {
                userPass = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(decoded))
                        .toString();
            } catch (CharacterCodingException e) {
                return MALFORMED;
            }
            int colon = userPass.indexOf(':');
            if (colon < 0 || colon == userPass.length() - 1) {
                return MALFORMED;
            }
            return new PresentedCredential(Kind.PAT, userPass.substring(colon + 1));
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.startsWith(prefix + "_") ? new PresentedCredential(Kind.PAT, token) : NOT_A_PAT;
        }
        return NOT_A_PAT;
    }

    private static boolean looksLikePat(String authorization, String prefix) {
        return authorization.regionMatches(true, 0, "Bearer " + prefix + "_", 0, 8 + prefix.length());
    }
}
