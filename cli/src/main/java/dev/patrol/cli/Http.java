package dev.patrol.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The JDK's HTTP client with deadlines (a server that stops answering is an error within seconds,
 * never a hang) and Patrol's problem details turned into sentences. Never logs a request: bodies and
 * headers carry secrets.
 */
final class Http {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** An answer: status and body. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Map<String, Object> json() {
            try {
                return body.isBlank() ? Map.of() : JSON.std.mapFrom(body);
            } catch (IOException e) {
                throw new CliException(CliException.UNAVAILABLE, "The answer was not JSON (HTTP " + status + ").");
            }
        }

        java.util.List<Object> list() {
            try {
                return JSON.std.listFrom(body);
            } catch (IOException e) {
                throw new CliException(
                        CliException.UNAVAILABLE, "The answer was not a JSON list (HTTP " + status + ").");
            }
        }
    }

    /** Built on the first request: building it sets up TLS, which {@code git-credential get} from the store never needs. */
    private HttpClient client;

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    Reply get(URI uri, String authorization) {
        return send(HttpRequest.newBuilder(uri).GET(), authorization);
    }

    Reply delete(URI uri, String authorization) {
        return send(HttpRequest.newBuilder(uri).DELETE(), authorization);
    }

    Reply patchJson(URI uri, String authorization, Object body) {
        return withJson("PATCH", uri, authorization, body);
    }

    Reply putJson(URI uri, String authorization, Object body) {
        return withJson("PUT", uri, authorization, body);
    }

    Reply postJson(URI uri, String authorization, Object body) {
        return withJson("POST", uri, authorization, body);
    }

    private Reply withJson(String method, URI uri, String authorization, Object body) {
        String json;
        try {
            json = JSON.std.asString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)),
                authorization);
    }

    /** An OAuth form post (token, device authorization, revocation endpoints). */
    Reply postForm(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                null);
    }

    private Reply send(HttpRequest.Builder request, String authorization) {
        request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json, application/problem+json");
        request.header("User-Agent", "patrol-cli");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.build();
        try {
            HttpResponse<String> r = client().send(built, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new CliException(CliException.UNAVAILABLE, built.uri().getHost() + " did not answer in time.");
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE, "Cannot reach " + built.uri().getHost() + ":" + port(built.uri()) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "Interrupted.");
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /**
     * The failure an API answer means, as a sentence: the problem's title and detail (RFC 9457),
     * never the raw body.
     */
    static CliException refusal(Reply reply) {
        Map<String, Object> problem;
        try {
            problem = reply.body().isBlank() ? Map.of() : JSON.std.mapFrom(reply.body());
        } catch (IOException | RuntimeException e) {
            problem = Map.of();
        }
        String title = text(problem.get("title"));
        String detail = text(problem.get("detail"));
        String sentence = title == null
                ? "Patrol answered HTTP " + reply.status() + "."
                : detail == null ? title + "." : title + ": " + detail;
        int code = reply.status() == 401
                ? CliException.NOT_SIGNED_IN
                : reply.status() == 404
                        ? CliException.NOT_FOUND
                        : reply.status() >= 500 ? CliException.UNAVAILABLE : CliException.REFUSED;
        return new CliException(code, sentence);
    }

    private static String text(Object o) {
        return o == null || o.toString().isBlank() ? null : o.toString().strip();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
