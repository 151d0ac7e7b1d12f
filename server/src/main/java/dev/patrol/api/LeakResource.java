package dev.patrol.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.http.Problem;
import dev.patrol.leak.LeakReports;
import dev.patrol.leak.ReportRateLimiter;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.Presenter;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Secret scanners report tokens they found in public (docs/leaks.md). Unauthenticated, rate limited
 * per client. The answer is the same whatever the report holds (no oracle of validity): matching
 * tokens are revoked after it is sent.
 */
@Path("/api/v1/leaks")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "leaks", description = "Reports of tokens found in public, for secret scanners")
public class LeakResource {

    private static final int MAX_TOKEN_LENGTH = 200;
    private static final int MAX_TEXT_LENGTH = 2048;

    /** One token a scanner found (GitHub's secret-scanning partner format). */
    public record FoundToken(String token, String type, String url, String source) {}

    @Inject
    LeakReports reports;

    @Inject
    ReportRateLimiter rateLimiter;

    @Inject
    ClientAddress clientAddress;

    @Inject
    HttpServerRequest request;

    @Inject
    PatrolConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Report Patrol tokens found in public; matching active tokens are revoked",
            description = "A JSON array of {token, type, url, source}, at most 100. The answer never says "
                    + "whether anything matched.")
    @APIResponse(responseCode = "202", description = "{\"received\": n}")
    @APIResponse(
            responseCode = "429",
            description = "Too many reports from this client (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response report(List<FoundToken> found) {
        Presenter reporter = clientAddress.presenter(request);
        Long wait = rateLimiter.refusal(reporter.clientIp());
        if (wait != null) {
            return Response.fromResponse(Problem.response(
                            429, "Too many requests", "too many reports from this client; retry later"))
                    .header("Retry-After", wait)
                    .build();
        }
        if (found == null || found.isEmpty()) {
            return Problem.response(400, "Bad request", "a JSON array of found tokens is required");
        }
        int max = config.leaks().maxTokensPerReport();
        if (found.size() > max) {
            return Problem.invalid("tokens", "at most " + max + " tokens per report");
        }
        List<LeakReports.Candidate> candidates = new ArrayList<>(found.size());
        for (FoundToken f : found) {
            if (f == null || f.token() == null || f.token().length() > MAX_TOKEN_LENGTH) {
                return Problem.invalid(
                        "token", "each entry needs a token of at most " + MAX_TOKEN_LENGTH + " characters");
            }
            if (!text(f.url()) || !text(f.source()) || !text(f.type())) {
                return Problem.invalid(
                        "url",
                        "url, source and type are at most " + MAX_TEXT_LENGTH
                                + " characters, without control characters");
            }
            candidates.add(new LeakReports.Candidate(f.token(), f.url(), f.source()));
        }
        reports.process(candidates, reporter);
        return Response.accepted(Map.of("received", candidates.size())).build();
    }

    /** Absent, or short text without control characters (PostgreSQL's text refuses a NUL). */
    private static boolean text(String s) {
        return s == null || (s.length() <= MAX_TEXT_LENGTH && s.chars().noneMatch(Character::isISOControl));
    }
}
