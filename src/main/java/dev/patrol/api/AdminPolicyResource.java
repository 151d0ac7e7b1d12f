package dev.patrol.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.domain.ExistingTokens;
import dev.patrol.domain.Policies;
import dev.patrol.domain.Policy;
import dev.patrol.domain.PolicyScope;
import dev.patrol.domain.PolicyState;
import dev.patrol.domain.SetPolicyCommand;
import dev.patrol.policy.PolicyLog;
import dev.patrol.write.GovernanceCommands;
import dev.patrol.write.PolicyCommandHandler;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Governance policies, global and per organization (docs/governance.md). A change is an event on the
 * policy topic with the administrator as actor; the history is kept. Enforced on create, modify,
 * regenerate and self-rotation; {@code existingTokens} says what happens to tokens made before.
 */
@Path("/api/v1/admin")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "oidc")
public class AdminPolicyResource {

    /** Longest organization name a policy may be set for. */
    private static final int MAX_ORGANIZATION_LENGTH = 200;

    @Inject
    PolicyLog log;

    @Inject
    PolicyCommandHandler handler;

    @Inject
    GovernanceCommands governance;

    @Inject
    Caller caller;

    @GET
    @Path("policies")
    @Operation(summary = "The global policy")
    public Response global() {
        return read(PolicyScope.GLOBAL);
    }

    @PUT
    @Path("policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the global policy (If-Match: its version, to refuse overwriting a concurrent change)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(
            responseCode = "409",
            description = "The version in If-Match is not the current one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "A rule is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> setGlobal(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, PolicyDocument body) {
        return set(PolicyScope.GLOBAL, ifMatch, body);
    }

    @GET
    @Path("organizations/{organization}/policy")
    @Operation(summary = "An organization's policy (its own rules; the global ones apply where it sets none)")
    public Response organization(@PathParam("organization") String organization) {
        Response bad = checkOrganization(organization);
        return bad != null ? bad : read(PolicyScope.organization(organization));
    }

    @PUT
    @Path("organizations/{organization}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an organization's policy")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> setOrganization(
            @PathParam("organization") String organization,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            PolicyDocument body) {
        Response bad = checkOrganization(organization);
        return bad != null ? Uni.createFrom().item(bad) : set(PolicyScope.organization(organization), ifMatch, body);
    }

    @GET
    @Path("policies/history")
    @Operation(summary = "Every policy change, oldest first: who, when, and the policy it set")
    public Response history() {
        if (log.current() == null) {
            return unavailable();
        }
        List<PolicyView> changes =
                log.history().stream().map(e -> PolicyView.of(e, null)).toList();
        return Response.ok(changes).build();
    }

    private Response read(PolicyScope scope) {
        Policies policies = log.current();
        if (policies == null) {
            return unavailable();
        }
        PolicyState s = policies.states().get(scope);
        if (s == null) {
            return Response.ok(
                            new PolicyView(scope.toString(), 0, null, null, null, PolicyDocument.of(Policy.NONE), null))
                    .tag("0")
                    .build();
        }
        return Response.ok(PolicyView.of(s)).tag(Long.toString(s.version())).build();
    }

    private Uni<Response> set(PolicyScope scope, String ifMatch, PolicyDocument body) {
        if (body == null) {
            return Uni.createFrom().item(Problem.response(400, "Bad request", "a JSON body is required"));
        }
        Long expected;
        try {
            expected = ifMatch == null
                    ? null
                    : Long.parseLong(ifMatch.replace("\"", "").strip());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(Problem.response(400, "Bad request", "If-Match must be a policy version"));
        }
        Policy policy;
        try {
            policy = body.toPolicy();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom()
                    .item(Problem.invalid(
                            e.getMessage(),
                            e.getMessage().equals("existingTokens")
                                    ? "one of keep, refuse, revoke"
                                    : "must not contain null"));
        }
        return handler.handle(new SetPolicyCommand(scope, policy, expected, caller.asAdmin()))
                .chain(result -> {
                    if (result instanceof PolicyCommandHandler.Result.Applied applied) {
                        Uni<Integer> revoked = policy.existingTokensOrKeep() == ExistingTokens.REVOKE
                                ? governance.revokeViolators(log.current()).map(t -> t.revoked())
                                : Uni.createFrom().nullItem();
                        return revoked.map(n -> Response.ok(PolicyView.of(applied.event(), n))
                                        .tag(Long.toString(applied.event().version()))
                                        .build())
                                .onFailure()
                                .recoverWithItem(e -> Problem.response(
                                        503,
                                        "Service unavailable",
                                        "the policy is set, but revoking the tokens it forbids did not finish; "
                                                + "they are refused meanwhile. Set the policy again to finish."));
                    }
                    if (result instanceof PolicyCommandHandler.Result.Rejected rejected) {
                        var r = rejected.rejection();
                        return Uni.createFrom()
                                .item(
                                        r.kind() == dev.patrol.domain.Rejection.Kind.CONFLICT
                                                ? Problem.response(409, "Conflict", r.detail())
                                                : Problem.invalid(r.field(), r.detail()));
                    }
                    return Uni.createFrom()
                            .item(Problem.unknownOutcome(((PolicyCommandHandler.Result.Unknown) result).eventId()));
                });
    }

    private static Response checkOrganization(String organization) {
        if (organization.isBlank()
                || organization.length() > MAX_ORGANIZATION_LENGTH
                || organization.codePoints().anyMatch(Character::isISOControl)) {
            return Problem.invalid("organization", "not an organization name");
        }
        return null;
    }

    private static Response unavailable() {
        return Problem.response(503, "Service unavailable", "policies are not loaded yet");
    }
}
