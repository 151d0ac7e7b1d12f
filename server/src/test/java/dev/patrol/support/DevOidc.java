package dev.patrol.support;

import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** Obtains real access tokens from the in-process dev OIDC provider the tests run against. */
public final class DevOidc {

    private DevOidc() {}

    public static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** An access token for a dev user through the OAuth 2.0 password grant. */
    public static String accessToken(String user) {
        var config = ConfigProvider.getConfig();
        return given().formParam("grant_type", "password")
                .formParam("username", user)
                .formParam("password", user)
                .formParam("client_id", config.getValue("quarkus.oidc.client-id", String.class))
                .formParam("client_secret", config.getValue("quarkus.oidc.credentials.secret", String.class))
                .post(issuer() + "/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /**
     * Returns just after the clock's next whole second: a token issued before the call has an
     * {@code iat} (whole seconds) earlier than anything that happens after it. Waits 0-1 s where a
     * fixed 1.1 s sleep would always wait the most.
     */
    public static void awaitNextIssueSecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(1000 - now % 1000 + 20);
    }
}
