package dev.patrol.http;

import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.service.Refusal;
import dev.patrol.validation.Validation;

/** An RFC 9457 problem body. Never carries a stack trace or a class name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String field, UUID eventId, String policy, String limit) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** People read the detail: it is a sentence, whoever wrote it (a capital, a full stop). */
    public Problem {
        detail = Refusal.sentence(detail);
    }

    public Problem(String type, String title, int status, String detail, String field, UUID eventId) {
        this(type, title, status, detail, field, eventId, null, null);
    }

    /** Refused by a governance policy: which one, and its limit ({@code rule = value}). */
    public static Response policy(int status, String policy, String field, String limit, String detail) {
        return build(new Problem(
                "https://patrol.dev/problems/policy", "Refused by policy", status, detail, field, null, policy, limit));
    }

    public static Response response(int status, String title, String detail) {
        return build(new Problem("about:blank", title, status, detail, null, null));
    }

    /** Unknown, or someone else's: the two are indistinguishable on purpose. */
    public static Response notFound() {
        return response(404, "Not found", "no such token");
    }

    public static Response invalid(String field, String detail) {
        return build(
                new Problem("https://patrol.dev/problems/invalid-field", "Invalid field", 422, detail, field, null));
    }

    public static Response unknownOutcome(UUID eventId) {
        return build(new Problem(
                "https://patrol.dev/problems/outcome-unknown",
                "Outcome not known yet",
                503,
                "The change was submitted but not confirmed in time. Check the token before retrying.",
                null,
                eventId));
    }

    /** A credential that cannot be judged now; load shedding says why and when to retry. */
    public static Response unavailable(Validation.Unavailable u, String detail) {
        if (u.shed() == Validation.Shed.CLIENT) {
            return response(
                    429,
                    "Too many requests",
                    "too many lookups of tokens this instance has not seen are in flight for this client; retry shortly");
        }
        if (u.shed() == Validation.Shed.INSTANCE) {
            return response(503, "Service unavailable", "too many lookups are in flight; retry shortly");
        }
        return response(503, "Service unavailable", detail);
    }

    static Response build(Problem p) {
        Response.ResponseBuilder b =
                Response.status(p.status()).type(MEDIA_TYPE).entity(p);
        if (p.status() == 503 || p.status() == 429) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }
}
