package dev.patrol.api;

import java.net.URI;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.service.CreateTokenRequest;
import dev.patrol.service.HistoryView;
import dev.patrol.service.LeakFindingView;
import dev.patrol.service.RefusedUseView;
import dev.patrol.service.RegenerateTokenRequest;
import dev.patrol.service.TokenService;
import dev.patrol.service.TokenView;
import dev.patrol.service.UpdateTokenRequest;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A person's own tokens. OIDC bearer tokens only: a PAT can never manage tokens. Someone else's
 * token id answers 404, exactly like an unknown one. The rules are {@link TokenService}'s, shared with
 * the web pages; this class maps its answers to HTTP.
 */
@Path("/api/v1/tokens")
@BearerTokenAuthentication
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tokens", description = "Create, list, modify, regenerate and revoke your personal access tokens")
@SecurityRequirement(name = "oidc")
@APIResponse(
        responseCode = "401",
        description = "No valid OIDC bearer token (PATs are refused here)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TokenResource {

    @Inject
    TokenService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token; the response shows its secret, once")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "A field is invalid (named in the problem)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Not confirmed in time (event id in the problem)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(CreateTokenRequest body) {
        return service.create(body, UUID.randomUUID())
                .map(o -> Answers.of(
                        o,
                        t -> Answers.carryingSecret(Response.created(URI.create("/api/v1/tokens/" + t.id()))
                                .entity(t))));
    }

    @GET
    @Operation(summary = "List your tokens")
    public Uni<Response> list(
            @Parameter(
                            description = "active | expired | revoked | all",
                            schema =
                                    @Schema(
                                            enumeration = {"active", "expired", "revoked", "all"},
                                            defaultValue = "all"))
                    @QueryParam("state")
                    String state,
            @Parameter(
                            schema =
                                    @Schema(
                                            enumeration = {"created", "name", "expires"},
                                            defaultValue = "created"))
                    @QueryParam("sort")
                    String sort,
            @Parameter(
                            schema =
                                    @Schema(
                                            enumeration = {"asc", "desc"},
                                            defaultValue = "desc for created, asc otherwise"))
                    @QueryParam("order")
                    String order,
            @Parameter(
                            description = "page size, 1-100",
                            schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20"))
                    @QueryParam("limit")
                    Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return service.list(state, sort, order, limit, cursor)
                .map(o -> Answers.of(o, page -> Response.ok(page).build()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your tokens")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> get(@PathParam("id") String id) {
        return service.get(id).map(o -> Answers.of(o, t -> Response.ok(t).build()));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change name, scopes, organizations, expiry and/or expiry mail (all or none)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Revoked, or changed concurrently",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "A field is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> update(@PathParam("id") String id, UpdateTokenRequest body) {
        return service.update(id, body)
                .map(o -> Answers.of(o, t -> Response.ok(t).build()));
    }

    @POST
    @Path("{id}/regenerate")
    @Operation(
            summary = "Give the token a new secret (same id); the old secret stops working",
            description = "Optionally a new expiry (body {\"lifetimeDays\": n} or {\"expiresAt\": ...}). An expired "
                    + "token comes back only this way, with the default lifetime unless one is given; "
                    + "the token must obey the policies in force.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Revoked, or changed concurrently",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> regenerate(@PathParam("id") String id, RegenerateTokenRequest body) {
        return service.regenerate(id, body).map(o -> Answers.of(o, t -> Answers.carryingSecret(Response.ok(t))));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke the token for good")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Already revoked, or changed concurrently",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(@PathParam("id") String id) {
        return service.revoke(id)
                .map(o -> Answers.of(o, t -> Response.noContent().build()));
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "The applied events of one of your tokens, oldest first")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> history(@PathParam("id") String id) {
        return service.history(id).map(o -> Answers.of(o, h -> Response.ok(h).build()));
    }

    @GET
    @Path("{id}/leaks")
    @Operation(summary = "Where secret scanners reported finding this token, newest first")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = LeakFindingView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> leaks(@PathParam("id") String id) {
        return service.leaks(id).map(o -> Answers.of(o, l -> Response.ok(l).build()));
    }

    @GET
    @Path("{id}/refusals")
    @Operation(
            summary = "Uses of this token refused for where they came from (outside its allowed networks), newest "
                    + "first; the 20 newest are kept, one per address per last-use interval")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = RefusedUseView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such token of yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> refusals(@PathParam("id") String id) {
        return service.refusals(id).map(o -> Answers.of(o, r -> Response.ok(r).build()));
    }
}
