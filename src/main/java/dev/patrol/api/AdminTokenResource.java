package dev.patrol.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.leak.LeakReports;
import dev.patrol.readmodel.TokenQueries;
import dev.patrol.write.GovernanceCommands;
import dev.patrol.write.TokenCommandHandler;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Administrators govern anyone's tokens: list them, revoke one, revoke all of a person's
 * (offboarding). OIDC bearer tokens with the admin role only; a PAT is refused (401) as everywhere
 * in management. Every revocation is its own event with the administrator as actor and their reason
 * as the note the owner sees.
 */
@Path("/api/v1/admin")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "oidc")
public class AdminTokenResource {

    @Inject
    TokenQueries queries;

    @Inject
    TokenCommandHandler handler;

    @Inject
    GovernanceCommands governance;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    LeakReports leakReports;

    /** An administrator's reason for a revocation. */
    public record RevokeAllRequest(String reason) {}

    @GET
    @Path("tokens")
    @Operation(summary = "Anyone's tokens, with filters; newest first unless sorted otherwise")
    public Uni<Response> list(
            @Parameter(description = "owner's subject") @QueryParam("owner") String owner,
            @Parameter(description = "active | expired | revoked | all") @QueryParam("state") String state,
            @Parameter(description = "tokens that can act in this organization") @QueryParam("organization")
                    String organization,
            @Parameter(description = "tokens granted exactly this scope") @QueryParam("scope") String scope,
            @Parameter(description = "ISO-8601 instant") @QueryParam("expiringBefore") String expiringBefore,
            @Parameter(description = "ISO-8601 instant") @QueryParam("lastUsedBefore") String lastUsedBefore,
            @Parameter(description = "only tokens never used") @QueryParam("neverUsed") String neverUsed,
            @QueryParam("sort") String sort,
            @QueryParam("order") String order,
            @Parameter(description = "page size, 1-100") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        ListRequest request;
        Instant expiring;
        Instant lastUsed;
        try {
            request = ListRequest.parse(state, sort, order, limit, cursor);
            expiring = instant("expiringBefore", expiringBefore);
            lastUsed = instant("lastUsedBefore", lastUsedBefore);
            if (neverUsed != null && !neverUsed.equals("true") && !neverUsed.equals("false")) {
                throw new ListRequest.BadParameter("neverUsed", "true or false");
            }
        } catch (ListRequest.BadParameter e) {
            return Uni.createFrom().item(e.response);
        }
        var filter = new TokenQueries.Filter(
                blankToNull(owner),
                request.state(),
                blankToNull(organization),
                blankToNull(scope),
                expiring,
                lastUsed,
                "true".equals(neverUsed));
        return request.answer(queries, filter, clock.instant(), true);
    }

    @DELETE
    @Path("tokens/{id}")
    @Operation(summary = "Revoke anyone's token; the owner sees who did it and the reason")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "409",
            description = "Already revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "No reason given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(
            @PathParam("id") String id,
            @Parameter(description = "why (shown to the owner), up to 500 characters", required = true)
                    @QueryParam("reason")
                    String reason) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Uni.createFrom().item(Problem.notFound());
        }
        if (reason == null || reason.isBlank()) {
            return Uni.createFrom().item(Problem.invalid("reason", "say why the token is revoked"));
        }
        var command = new RevokeTokenCommand(tokenId, RevokeReason.ADMIN, reason, caller.asAdmin());
        return handler.handle(tokenId, List.of(command), caller.organizations())
                .map(r -> CommandResponses.of(r, t -> Response.noContent().build()));
    }

    @POST
    @Path("users/{subject}/revoke-all")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Revoke every token of a person (offboarding); answers how many",
            description = "One revocation event per token. Idempotent: calling again revokes what is left.")
    @APIResponse(responseCode = "200", description = "{\"revoked\": n}")
    @APIResponse(
            responseCode = "503",
            description = "Some revocations were not confirmed in time; call again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revokeAll(@PathParam("subject") String subject, RevokeAllRequest body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return Uni.createFrom().item(Problem.invalid("reason", "say why the tokens are revoked"));
        }
        if (body.reason().strip().length() > 500) {
            return Uni.createFrom().item(Problem.invalid("reason", "at most 500 characters"));
        }
        return governance
                .revokeAll(subject, RevokeReason.ADMIN, body.reason(), caller.asAdmin())
                .map(tally -> tally.unconfirmed() == 0
                        ? Response.ok(Map.of("revoked", tally.revoked())).build()
                        : Problem.response(
                                503,
                                "Service unavailable",
                                tally.revoked() + " tokens revoked, " + tally.unconfirmed()
                                        + " not confirmed in time; call again to finish"));
    }

    @GET
    @Path("leaks")
    @Operation(summary = "The newest leak findings about anyone's tokens")
    public Uni<Response> leaks(@Parameter(description = "how many, 1-100") @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > ListRequest.MAX_LIMIT) {
            return Uni.createFrom().item(new ListRequest.BadParameter("limit", "between 1 and 100").response);
        }
        return leakReports
                .newest(size)
                .map(found -> Response.ok(
                                found.stream().map(LeakFindingView::of).toList())
                        .build());
    }

    private static Instant instant(String name, String value) throws ListRequest.BadParameter {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ListRequest.BadParameter(name, "an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
