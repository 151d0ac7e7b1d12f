package dev.patrol.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static io.restassured.RestAssured.given;

/** Creates PATs through the real API and presents them as tools do. */
public final class Pats {

    /** A created token: its id and its plaintext secret. */
    public record Pat(String id, String secret) {}

    private Pats() {}

    public static Pat create(String user, List<String> scopes, List<String> organizations) {
        Map<String, Object> body = organizations == null
                ? Map.of("name", "pat", "scopes", scopes, "allOrganizations", true, "lifetimeDays", 30)
                : Map.of("name", "pat", "scopes", scopes, "organizations", organizations, "lifetimeDays", 30);
        var r = Api.as(user)
                .body(body)
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract();
        return new Pat(r.path("id"), r.path("token"));
    }

    public static Pat create(String user, String... scopes) {
        return create(user, List.of(scopes), null);
    }

    /**
     * Moves a token's expiry into the past in the read model, as if time had passed (expiry is
     * judged at every call). Only for a token not validated yet: a cached entry keeps its expiry.
     */
    public static void expireInReadModel(Pool pool, Pat pat) {
        pool.preparedQuery("UPDATE rm_token SET expires_at = now() - interval '1 minute' WHERE token_id = $1")
                .execute(Tuple.of(UUID.fromString(pat.id())))
                .await()
                .atMost(Duration.ofSeconds(5));
    }

    public static RequestSpecification bearer(String secret) {
        return given().header("Authorization", "Bearer " + secret);
    }

    public static RequestSpecification basic(String username, String secret) {
        return given().header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
}
