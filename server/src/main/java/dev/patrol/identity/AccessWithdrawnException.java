package dev.patrol.identity;

import io.quarkus.security.ForbiddenException;

/**
 * The identity provider withdrew what the caller's OIDC token says (the person was disabled or
 * deleted) after that token was issued: refused with 403 until they sign in again.
 */
public class AccessWithdrawnException extends ForbiddenException {

    /** What the person is told. */
    public static final String DISABLED =
            "the identity provider disabled this account after this OIDC token was issued; sign in again";

    public AccessWithdrawnException(String message) {
        super(message);
    }
}
