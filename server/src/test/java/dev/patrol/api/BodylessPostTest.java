package dev.patrol.api;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.patrol.support.DevOidc;
import dev.patrol.support.Pats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POSTs sent as {@code curl -X POST} sends them: no body and no {@code Content-Type} header at all
 * (the JDK's client, not REST Assured, which adds one).
 */
@QuarkusTest
class BodylessPostTest {

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> bodylessPost(String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path.substring(1))).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void regenerateWithoutABodyGivesANewSecret() throws Exception {
        String id = create("alice", "bodyless regenerate", "code:read")
                .statusCode(201)
                .extract()
                .path("id");
        HttpResponse<String> response =
                bodylessPost("/api/v1/tokens/" + id + "/regenerate", "Bearer " + DevOidc.accessToken("alice"));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"token\":\"ptl_"), response.body());
    }

    @Test
    void selfRotationWithoutABodyGivesANewSecret() throws Exception {
        var pat = Pats.create("alice", "code:read", "tokens:rotate-self");
        HttpResponse<String> response = bodylessPost("/api/v1/tokens/self/rotate", "Bearer " + pat.secret());
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aBodylessPostWhereABodyIsRequiredNamesWhatIsMissing() throws Exception {
        HttpResponse<String> create = bodylessPost("/api/v1/tokens", "Bearer " + DevOidc.accessToken("alice"));
        assertEquals(400, create.statusCode(), create.body());
        assertTrue(create.body().contains("A JSON body is required"), create.body());
        HttpResponse<String> revoke = bodylessPost("/oauth2/revoke", null);
        assertEquals(400, revoke.statusCode(), revoke.body());
        assertTrue(revoke.body().contains("invalid_request"), revoke.body());
    }
}
