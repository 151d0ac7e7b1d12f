package dev.patrol.api;

import java.util.function.Function;

import jakarta.ws.rs.core.Response;

import dev.patrol.domain.Token;
import dev.patrol.write.CommandResult;

/** The one mapping of a command's outcome to HTTP, shared by every resource that sends commands. */
final class CommandResponses {

    private CommandResponses() {}

    /**
     * Applied: what {@code applied} builds from the token as it now is. Rejected: 404, 409 or 422 by
     * the rejection's kind, as problem+json naming the field. Unknown: 503 with the event id, never a
     * success that may not have happened.
     */
    static Response of(CommandResult result, Function<Token, Response> applied) {
        if (result instanceof CommandResult.Applied a) {
            return applied.apply(a.token());
        }
        if (result instanceof CommandResult.Rejected rejected) {
            var r = rejected.rejection();
            return switch (r.kind()) {
                case NOT_FOUND -> Problem.notFound();
                case CONFLICT -> Problem.response(409, "Conflict", r.detail());
                case INVALID -> Problem.invalid(r.field(), r.detail());
                case POLICY -> Problem.policy(422, r.policy(), r.field(), r.limit(), r.detail());
            };
        }
        return Problem.unknownOutcome(((CommandResult.Unknown) result).eventId());
    }

    /**
     * A response whose body carries a token's plaintext: no browser, proxy or CDN may keep it
     * ({@code Pragma} for HTTP/1.0 caches that ignore {@code Cache-Control}).
     */
    static Response carryingSecret(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
