package dev.patrol.domain;

/**
 * Why a command was refused. {@code field} names the offending input for {@link Kind#INVALID}.
 * The REST layer maps NOT_FOUND to 404, CONFLICT to 409 and INVALID to 422.
 */
public record Rejection(Kind kind, String field, String detail) {

    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        INVALID
    }

    public static Rejection notFound() {
        return new Rejection(Kind.NOT_FOUND, null, "no such token");
    }

    public static Rejection conflict(String detail) {
        return new Rejection(Kind.CONFLICT, null, detail);
    }

    public static Rejection invalid(String field, String detail) {
        return new Rejection(Kind.INVALID, field, detail);
    }
}
