package dev.patrol.interop;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.support.Nginx;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real nginx, configured with the {@code auth_request} block of docs/gateway.md as printed there,
 * protects a real upstream with Patrol's route table ({@code %test} table: GET /repos/** needs
 * code:read, POST /repos/** code:write). nginx is a Debian package; .ci/run installs it.
 */
@QuarkusTest
class NginxAuthRequestTest {

    static Nginx nginx;
    static HttpServer upstream;
    static int port;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String subject = exchange.getRequestHeaders().getFirst("X-Patrol-Subject");
            byte[] body = ("upstream saw " + subject).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        nginx = Nginx.start(
                ConfigProvider.getConfig().getValue("test.url", String.class),
                upstream.getAddress().getPort());
        port = nginx.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPatWithTheScopeTheRouteNeedsReachesTheUpstreamAsItsOwner() throws Exception {
        Pats.Pat reader = Pats.create("alice", "code:read");
        var r = send("GET", "/repos/acme/app.git/info/refs?service=git-upload-pack", "Bearer " + reader.secret());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("upstream saw alice", r.body());
        String basic = Base64.getEncoder().encodeToString(("x:" + reader.secret()).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, send("GET", "/repos/acme/app.git", "Basic " + basic).statusCode()); // git clone style
    }

    @Test
    void everythingElseIsStoppedAtTheGateway() throws Exception {
        Pats.Pat reader = Pats.create("alice", "code:read");
        assertEquals(
                403,
                send("POST", "/repos/acme/app.git/git-receive-pack", "Bearer " + reader.secret())
                        .statusCode());
        assertEquals(401, send("GET", "/repos/acme/app.git", null).statusCode());
        assertEquals(
                401, send("GET", "/repos/acme/app.git", "Bearer ptl_forged").statusCode());
        assertEquals(403, send("GET", "/admin", "Bearer " + reader.secret()).statusCode());
        Pats.Pat writer = Pats.create("alice", List.of("code:write"), null);
        assertEquals(
                200,
                send("POST", "/repos/acme/app.git/git-receive-pack", "Bearer " + writer.secret())
                        .statusCode());
    }
}
