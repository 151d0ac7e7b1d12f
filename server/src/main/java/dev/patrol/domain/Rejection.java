package dev.patrol.domain;

/**
 * Why a command was refused. {@code field} names the offending input for {@link Kind#INVALID} and
 * {@link Kind#POLICY}; {@code policy} and {@code limit} name the policy and its limit for
 * {@link Kind#POLICY}. The REST layer maps NOT_FOUND to 404, CONFLICT to 409, INVALID and POLICY to 422.
 */
public record Rejection(Kind kind, String field, String detail, String policy, String limit) {

    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        INVALID,
        POLICY
    }

    public static Rejection notFound() {
        return new Rejection(Kind.NOT_FOUND, null, "no such token", null, null);
    }

    public static Rejection conflict(String detail) {
        return new Rejection(Kind.CONFLICT, null, detail, null, null);
    }

    public static Rejection invalid(String field, String detail) {
        return new Rejection(Kind.INVALID, field, detail, null, null);
    }

    public static Rejection policy(String policy, String field, String rule, String limit, String detail) {
        return new Rejection(Kind.POLICY, field, "policy " + policy + ": " + detail, policy, rule + " = " + limit);
    }
}
