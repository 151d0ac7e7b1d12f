package dev.patrol.http;

import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import dev.patrol.service.AuditCsv;
import dev.patrol.service.AuditPage;
import dev.patrol.service.Outcome;
import dev.patrol.service.Refusal;

/** The one mapping of an application service's answer to HTTP, shared by every resource. */
public final class Answers {

    private Answers() {}

    /** Done: what {@code done} builds. Refused: the refusal as problem+json naming its field. */
    public static <T> Response of(Outcome<T> outcome, Function<T, Response> done) {
        return switch (outcome) {
            case Outcome.Done<T> d -> done.apply(d.value());
            case Outcome.Refused<T> r -> problem(r.refusal());
        };
    }

    public static Response problem(Refusal r) {
        String type = switch (r.kind()) {
            case INVALID -> "https://patrol.dev/problems/invalid-field";
            case POLICY -> "https://patrol.dev/problems/policy";
            case OUTCOME_UNKNOWN -> "https://patrol.dev/problems/outcome-unknown";
            default -> "about:blank";
        };
        return Problem.build(new Problem(
                type, r.kind().title, r.kind().status, r.detail(), r.field(), r.eventId(), r.policy(), r.limit()));
    }

    /** The audit page as a CSV download; {@code X-Next-Cursor} names the next page when there is one. */
    public static Response auditDownload(AuditPage page) {
        Response.ResponseBuilder r = Response.ok(AuditCsv.of(page.items()), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"patrol-audit.csv\"");
        if (page.nextCursor() != null) {
            r.header("X-Next-Cursor", page.nextCursor()); // the same filters with cursor=this give the next rows
        }
        return r.build();
    }

    /**
     * A response whose body carries a token's plaintext: no browser, proxy or CDN may keep it
     * ({@code Pragma} for HTTP/1.0 caches that ignore {@code Cache-Control}).
     */
    public static Response carryingSecret(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
