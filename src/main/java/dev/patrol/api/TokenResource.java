package dev.patrol.api;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ChangeTokenExpiryCommand;
import dev.patrol.domain.ChangeTokenExpiryEmailsCommand;
import dev.patrol.domain.ChangeTokenScopesCommand;
import dev.patrol.domain.IssueTokenCommand;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.RegenerateTokenCommand;
import dev.patrol.domain.RenameTokenCommand;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenCommand;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.leak.LeakReports;
import dev.patrol.readmodel.OwnerOrganizations;
import dev.patrol.readmodel.TokenQueries;
import dev.patrol.write.TokenCommandHandler;
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
 * token id answers 404, exactly like an unknown one.
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

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TokenCommandHandler handler;

    @Inject
    TokenQueries queries;

    @Inject
    Caller caller;

    @Inject
    OwnerOrganizations owners;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    LeakReports leakReports;

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
        return create(body, UUID.randomUUID());
    }

    /**
     * Creates the token under {@code id}: the web page's form carries one, so that submitting it
     * again (the back button, a double click) meets the token it created (409), never a second one.
     */
    public Uni<Response> create(CreateTokenRequest body, UUID id) {
        if (body == null) {
            return Uni.createFrom().item(Problem.response(400, "Bad request", "a JSON body is required"));
        }
        Response nullInside = nullInside(body.scopes(), body.organizations());
        if (nullInside != null) {
            return Uni.createFrom().item(nullInside);
        }
        OrganizationBinding orgs;
        try {
            orgs = binding(body.organizations(), body.allOrganizations(), true);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.invalid("organizations", e.getMessage()));
        }
        if (body.expiresAt() != null && body.lifetimeDays() != null) {
            return Uni.createFrom().item(Problem.invalid("expiresAt", "give expiresAt or lifetimeDays, not both"));
        }
        if (body.lifetimeDays() != null && body.lifetimeDays() < 1) {
            return Uni.createFrom().item(Problem.invalid("lifetimeDays", "must be at least 1"));
        }
        Instant expiresAt = body.lifetimeDays() != null
                ? clock.instant().plus(Duration.ofDays(body.lifetimeDays()))
                : body.expiresAt();
        String secret = TokenSecrets.generate(config.tokens().prefix(), RANDOM);
        var command = new IssueTokenCommand(
                id,
                body.name(),
                body.scopes(),
                orgs,
                expiresAt,
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                caller.asUser());
        return asMember(() -> handler.handle(id, List.of(command), caller.organizations())
                .map(result -> CommandResponses.of(
                        result,
                        t -> CommandResponses.carryingSecret(
                                Response.created(URI.create("/api/v1/tokens/" + t.tokenId()))
                                        .entity(TokenView.withSecret(t, clock.instant(), secret))))));
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
        ListRequest request;
        try {
            request = ListRequest.parse(state, sort, order, limit, cursor);
        } catch (ListRequest.BadParameter e) {
            return Uni.createFrom().item(e.response);
        }
        return request.answer(
                queries, TokenQueries.Filter.owner(caller.subject(), request.state()), clock.instant(), false);
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
        return ownToken(
                id,
                t -> queries.lastUse(List.of(t.tokenId()))
                        .map(uses -> Response.ok(TokenView.of(t, clock.instant(), uses.get(t.tokenId())))
                                .build()));
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
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Uni.createFrom().item(Problem.notFound());
        }
        if (body == null) {
            return Uni.createFrom().item(Problem.response(400, "Bad request", "a JSON body is required"));
        }
        Response nullInside = nullInside(body.scopes(), body.organizations());
        if (nullInside != null) {
            return Uni.createFrom().item(nullInside);
        }
        OrganizationBinding orgs;
        try {
            orgs = binding(body.organizations(), body.allOrganizations(), false);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.invalid("organizations", e.getMessage()));
        }
        var actor = caller.asUser();
        List<TokenCommand> commands = new ArrayList<>();
        if (body.name() != null) {
            commands.add(new RenameTokenCommand(tokenId, body.name(), actor));
        }
        if (body.scopes() != null || orgs != null) {
            commands.add(new ChangeTokenScopesCommand(tokenId, body.scopes(), orgs, actor));
        }
        if (body.expiresAt() != null) {
            commands.add(new ChangeTokenExpiryCommand(tokenId, body.expiresAt(), actor));
        }
        if (body.expiryEmails() != null) {
            commands.add(new ChangeTokenExpiryEmailsCommand(tokenId, body.expiryEmails(), actor));
        }
        if (commands.isEmpty()) {
            return Uni.createFrom().item(Problem.response(400, "Bad request", "nothing to change"));
        }
        return asMember(() ->
                handler.handle(tokenId, commands, caller.organizations()).map(r -> CommandResponses.of(r, ok(null))));
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
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Uni.createFrom().item(Problem.notFound());
        }
        Instant expiresAt = null;
        if (body != null) {
            if (body.expiresAt() != null && body.lifetimeDays() != null) {
                return Uni.createFrom().item(Problem.invalid("expiresAt", "give expiresAt or lifetimeDays, not both"));
            }
            if (body.lifetimeDays() != null && body.lifetimeDays() < 1) {
                return Uni.createFrom().item(Problem.invalid("lifetimeDays", "must be at least 1"));
            }
            expiresAt = body.lifetimeDays() != null
                    ? clock.instant().plus(Duration.ofDays(body.lifetimeDays()))
                    : body.expiresAt();
        }
        String secret = TokenSecrets.generate(config.tokens().prefix(), RANDOM);
        var command = new RegenerateTokenCommand(
                tokenId,
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                caller.asUser(),
                false,
                expiresAt);
        return handler.handle(tokenId, List.of(command), caller.organizations())
                .map(r -> CommandResponses.of(r, ok(secret)));
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
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Uni.createFrom().item(Problem.notFound());
        }
        var command = new RevokeTokenCommand(tokenId, RevokeReason.OWNER, caller.asUser());
        return handler.handle(tokenId, List.of(command), caller.organizations())
                .map(r -> CommandResponses.of(r, t -> Response.noContent().build()));
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
        return ownToken(
                id,
                t -> queries.history(t.tokenId())
                        .map(entries -> Response.ok(entries.stream()
                                        .map(e -> new HistoryView(
                                                e.eventId(),
                                                e.version(),
                                                e.type(),
                                                e.occurredAt(),
                                                e.actorKind(),
                                                e.actorId(),
                                                e.payload().getMap()))
                                        .toList())
                                .build()));
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
        return ownToken(
                id,
                t -> leakReports
                        .ofToken(t.tokenId())
                        .map(found -> Response.ok(
                                        found.stream().map(LeakFindingView::of).toList())
                                .build()));
    }

    /** {@code then} with the caller's token {@code id}; 404 for anyone else's, exactly like an unknown id. */
    private Uni<Response> ownToken(String id, Function<Token, Uni<Response>> then) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Uni.createFrom().item(Problem.notFound());
        }
        return queries.find(tokenId)
                .chain(t -> t.isPresent() && t.get().owner().equals(caller.subject())
                        ? then.apply(t.get())
                        : Uni.createFrom().item(Problem.notFound()));
    }

    /**
     * Refreshes the caller's organization snapshot from their OIDC token, then runs {@code command};
     * a caller the identity provider disabled after their token was issued gets 403 instead.
     */
    private Uni<Response> asMember(java.util.function.Supplier<Uni<Response>> command) {
        return owners.remember(caller.subject(), caller.organizations(), caller.issuedAt(), caller.email())
                .chain(allowed -> allowed
                        ? command.get()
                        : Uni.createFrom()
                                .item(Problem.response(
                                        403,
                                        "Forbidden",
                                        "your account was disabled after this access token was issued")));
    }

    private Function<Token, Response> ok(String plaintext) {
        return t -> {
            var response = Response.ok(TokenView.withSecret(t, clock.instant(), plaintext));
            return plaintext == null ? response.build() : CommandResponses.carryingSecret(response);
        };
    }

    /** The first of {@code scopes} and {@code organizations} that holds a null, as a 422; else null. */
    private static Response nullInside(Set<String> scopes, Set<String> organizations) {
        if (scopes != null && scopes.contains(null)) {
            return Problem.invalid("scopes", "scopes must not contain null");
        }
        if (organizations != null && organizations.contains(null)) {
            return Problem.invalid("organizations", "organizations must not contain null");
        }
        return null;
    }

    /** @param required on create, one of the two must be given */
    private static OrganizationBinding binding(Set<String> named, Boolean all, boolean required) {
        if (Boolean.TRUE.equals(all)) {
            if (named != null && !named.isEmpty()) {
                throw new IllegalArgumentException("give organizations or allOrganizations: true, not both");
            }
            return OrganizationBinding.allOrganizations();
        }
        if (named != null) {
            return OrganizationBinding.of(named);
        }
        if (required) {
            throw new IllegalArgumentException("name organizations or set allOrganizations: true");
        }
        return null;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
