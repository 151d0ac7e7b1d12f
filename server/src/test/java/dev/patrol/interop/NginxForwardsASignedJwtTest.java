package dev.patrol.interop;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.support.Nginx;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nginx block of docs/protecting-an-api.md ("Verify locally"), run by a real nginx as printed
 * there: the gateway asks {@code /auth/check} for a JWT of audience orders-api and forwards it as the
 * Bearer token to the service, which verifies it with Spring Security and Patrol's published keys
 * and never sees the PAT. nginx is a Debian package; .ci/run installs it.
 */
@QuarkusTest
class NginxForwardsASignedJwtTest {

    static Nginx nginx;
    static HttpServer orders;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        JwtDecoder decoder = JwtVerifiedLocallyTest.ordersApi();
        orders = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        orders.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String answer;
            int status;
            try {
                if (authorization == null || !authorization.startsWith("Bearer ")) {
                    throw new JwtException("no bearer token");
                }
                Jwt jwt = decoder.decode(authorization.substring(7));
                var authorities = new TreeSet<String>();
                new JwtAuthenticationConverter()
                        .convert(jwt).getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .filter(a -> a.startsWith("SCOPE_")) // Spring 7 also adds FACTOR_BEARER
                                .forEach(authorities::add);
                status = 200;
                answer = "orders-api verified " + jwt.getSubject() + " " + authorities;
            } catch (JwtException e) {
                status = 401;
                answer = "orders-api refused: " + authorization;
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        orders.start();
        nginx = Nginx.start(
                ConfigProvider.getConfig().getValue("test.url", String.class),
                Nginx.documentedBlock("docs/protecting-an-api.md"),
                "orders-api",
                orders.getAddress().getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (orders != null) {
            orders.stop(0);
        }
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port + "/orders/42"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServiceVerifiesTheJwtTheGatewayForwardsAndNeverSeesThePat() throws Exception {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), null);
        var r = get("Bearer " + pat.secret());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("orders-api verified alice [SCOPE_build:read, SCOPE_code:read]", r.body());
        // A second request: the same (reused) JWT still verifies.
        assertEquals(200, get("Bearer " + pat.secret()).statusCode());
    }

    @Test
    void nothingReachesTheServiceWithoutAPatThatGrantsTheScope() throws Exception {
        assertEquals(
                403,
                get("Bearer " + Pats.create("alice", "build:read").secret()).statusCode());
        assertEquals(401, get(null).statusCode());
        assertEquals(401, get("Bearer ptl_forged").statusCode());
    }
}
