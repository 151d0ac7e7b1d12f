package dev.patrol.service;

import java.util.UUID;

import dev.patrol.domain.Rejection;
import dev.patrol.write.CommandResult;

/**
 * Why an application service did not do what it was asked. The REST API answers it as
 * problem+json ({@code http.Answers}); the web pages show {@link #detail} next to the form field
 * that {@link #field} names, or above the form.
 *
 * @param policy and {@code limit}: the policy and its rule, for {@link Kind#POLICY}
 * @param eventId the command's event, for {@link Kind#OUTCOME_UNKNOWN}
 */
public record Refusal(Kind kind, String detail, String field, String policy, String limit, UUID eventId) {

    /** People read the detail: it is a sentence, whoever wrote it (a capital, a full stop). */
    public Refusal {
        detail = sentence(detail);
    }

    public static String sentence(String detail) {
        if (detail == null || detail.isBlank()) {
            return detail;
        }
        String s = detail.strip();
        int firstWord = s.indexOf(' ');
        String word = firstWord < 0 ? s : s.substring(0, firstWord);
        // Only a plain lower-case word: an identifier (lifetimeDays, scope=any) keeps its spelling.
        if (word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
        char last = s.charAt(s.length() - 1);
        return last == '.' || last == '!' || last == '?' ? s : s + ".";
    }

    /** Each kind is one HTTP status and problem title. */
    public enum Kind {
        BAD_REQUEST(400, "Bad request"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        INVALID(422, "Invalid field"),
        POLICY(422, "Refused by policy"),
        UNAVAILABLE(503, "Service unavailable"),
        OUTCOME_UNKNOWN(503, "Outcome not known yet");

        public final int status;
        public final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    public static Refusal badRequest(String detail) {
        return new Refusal(Kind.BAD_REQUEST, detail, null, null, null, null);
    }

    /** A query parameter that is not what it must be. */
    public static Refusal badParameter(String name, String expected) {
        return new Refusal(
                Kind.BAD_REQUEST, "The " + name + " parameter must be " + expected + ".", name, null, null, null);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail, null, null, null, null);
    }

    /** Unknown, or someone else's: the two are indistinguishable on purpose. */
    public static Refusal notFound() {
        return new Refusal(Kind.NOT_FOUND, "no such token", null, null, null, null);
    }

    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, detail, null, null, null, null);
    }

    public static Refusal invalid(String field, String detail) {
        return new Refusal(Kind.INVALID, detail, field, null, null, null);
    }

    public static Refusal unavailable(String detail) {
        return new Refusal(Kind.UNAVAILABLE, detail, null, null, null, null);
    }

    /** Written (maybe) but not confirmed in time: never reported as success. */
    public static Refusal outcomeUnknown(UUID eventId) {
        return new Refusal(
                Kind.OUTCOME_UNKNOWN,
                "The change was submitted but not confirmed in time. Check the token before retrying.",
                null,
                null,
                null,
                eventId);
    }

    /** The domain's refusal of a command. */
    public static Refusal of(Rejection r) {
        return switch (r.kind()) {
            case NOT_FOUND -> notFound();
            case CONFLICT -> conflict(r.detail());
            case INVALID -> invalid(r.field(), r.detail());
            case POLICY -> new Refusal(Kind.POLICY, r.detail(), r.field(), r.policy(), r.limit(), null);
        };
    }

    /** A command's outcome that is not an applied one. */
    static Refusal of(CommandResult notApplied) {
        return switch (notApplied) {
            case CommandResult.Rejected rejected -> of(rejected.rejection());
            case CommandResult.Unknown unknown -> outcomeUnknown(unknown.eventId());
            case CommandResult.Applied applied -> throw new IllegalArgumentException("applied");
        };
    }
}
