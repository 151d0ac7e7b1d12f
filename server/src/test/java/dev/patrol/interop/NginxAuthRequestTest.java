package dev.patrol.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real nginx, configured with the {@code auth_request} block of docs/gateway.md as printed there,
 * protects a real upstream with Patrol's route table ({@code %test} table: GET /repos/** needs
 * code:read, POST /repos/** code:write). nginx is a Debian package; .ci/run installs it.
 */
@QuarkusTest
class NginxAuthRequestTest {

    static Process nginx;
    static HttpServer upstream;
    static int port;
    static Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/nginx")),
                "nginx is not installed (Debian package nginx; .ci/run installs it when run as root)");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String subject = exchange.getRequestHeaders().getFirst("X-Patrol-Subject");
            byte[] body = ("upstream saw " + subject).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("patrol-nginx-");
        String patrol = ConfigProvider.getConfig().getValue("test.url", String.class);
        String locations = documentedBlock().replace("http://patrol:8080", patrol);
        String conf = "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("error.log") + ";\nevents {}\nhttp {\n  access_log off;\n"
                + "  client_body_temp_path " + dir + "/body;\n  proxy_temp_path " + dir + "/proxy;\n"
                + "  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir + "/uwsgi;\n"
                + "  scgi_temp_path " + dir + "/scgi;\n"
                + "  upstream git-backend { server 127.0.0.1:"
                + upstream.getAddress().getPort() + "; }\n"
                + "  server {\n    listen 127.0.0.1:" + port + ";\n" + locations + "\n  }\n}\n";
        Files.writeString(dir.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertTrue(nginx.isAlive(), () -> read("stdout.log") + read("error.log"));
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen: " + read("error.log"));
    }

    /** The nginx block of docs/gateway.md, verbatim. */
    static String documentedBlock() throws IOException {
        String doc = Files.readString(Path.of("../docs/gateway.md"));
        Matcher m = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/gateway.md has an nginx block");
        return m.group(1);
    }

    static String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
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
