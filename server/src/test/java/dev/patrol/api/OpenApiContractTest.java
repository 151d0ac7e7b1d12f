package dev.patrol.api;

import dev.patrol.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OpenApiContractTest {

    @Test
    void everyTokenEndpointAndItsErrorsAreDescribed() {
        given().baseUri(Management.url())
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/tokens"))
                .body("paths", hasKey("/api/v1/tokens/{id}"))
                .body("paths", hasKey("/api/v1/tokens/{id}/regenerate"))
                .body("paths", hasKey("/api/v1/tokens/{id}/history"))
                .body("paths", hasKey("/api/v1/admin/read-model/rebuild"))
                .body("paths.'/api/v1/tokens'.post.responses", hasKey("201"))
                .body("paths.'/api/v1/tokens'.post.responses", hasKey("422"))
                .body("paths.'/api/v1/tokens'.post.responses", hasKey("401"))
                .body("paths.'/api/v1/tokens/{id}'.patch.responses", hasKey("409"))
                .body("paths.'/api/v1/tokens/{id}'.delete.responses", hasKey("404"))
                .body("components.schemas.Problem", notNullValue())
                .body("components.schemas.CreateTokenRequest", notNullValue());
    }
}
