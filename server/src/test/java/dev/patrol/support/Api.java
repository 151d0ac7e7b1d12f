package dev.patrol.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** REST calls as a dev user (tokens from the real dev OIDC provider, cached per user). */
public final class Api {

    /** A dev access token and when it was fetched: they expire after minutes, and a test run lasts longer. */
    private record Fetched(String token, long nanos) {
        boolean fresh() {
            return System.nanoTime() - nanos < java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        }
    }

    private static final Map<String, Fetched> TOKENS = new ConcurrentHashMap<>();

    private Api() {}

    public static RequestSpecification as(String user) {
        return given().auth()
                .oauth2(TOKENS.compute(
                                user,
                                (u, f) -> f != null && f.fresh()
                                        ? f
                                        : new Fetched(DevOidc.accessToken(u), System.nanoTime()))
                        .token())
                .contentType(ContentType.JSON);
    }

    /**
     * A form POST as the resource server registered for introspection in %test
     * ({@code patrol.introspection.clients}, client_secret_basic).
     */
    public static RequestSpecification asResourceServer() {
        return given().contentType("application/x-www-form-urlencoded")
                .auth()
                .preemptive()
                .basic("resource-server", "dev-secret");
    }

    /** Creates a token for {@code user} and returns the 201 response. */
    public static ValidatableResponse create(String user, String name, String... scopes) {
        return as(user).body(Map.of("name", name, "scopes", scopes, "allOrganizations", true, "lifetimeDays", 30))
                .post("/api/v1/tokens")
                .then();
    }
}
