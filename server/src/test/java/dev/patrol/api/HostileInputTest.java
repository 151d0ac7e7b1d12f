package dev.patrol.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.support.DevOidc;
import dev.patrol.support.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated bad input on every operation of the OpenAPI document: bad path segments and UUIDs, bad,
 * duplicated and huge query parameters, malformed JSON, wrong types, nulls in arrays, numbers past
 * any range, unicode and control characters, wrong content types, no or garbage credentials. Every
 * answer must be below 500 (503 only if a dependency is down), a 4xx must be a problem+json, and no
 * answer may carry a stack trace or a class name. The inputs are bad by construction, so no request
 * changes anything (a valid policy, say) that other tests rely on. Seeded: a failure names the seed
 * to replay it ({@code -Dhostile.seed=N}); {@code -Dhostile.rounds=N} for a longer run.
 */
@QuarkusTest
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("hostile.rounds", 8);

    /** Operations whose purpose is disruptive even when called correctly: not sprayed. */
    private static final Set<String> SPARED = Set.of("post /api/v1/admin/read-model/rebuild");

    private static final String[] BAD_VALUES = {
        "",
        " ",
        "null",
        "-1",
        "0",
        "99999999999999999999999999",
        "1e400",
        "NaN",
        "true",
        "\u0000",
        "\u0007bell",
        "ä\u202eevil\uD83D\uDE00",
        "x".repeat(5000),
        "../../etc/passwd",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "00000000-0000-0000-0000-00000000000g",
        "2026-13-45T99:99:99Z",
        "eyJ9",
        "%",
        "{}",
        "[]"
    };

    private static final String[] BAD_BODIES = {
        "{", "[", "{\"a\":", "nul", "\"text\"", "1", "[]", "null", "true", "{\"a\":1,}", "\u0000", "[".repeat(3000)
    };

    private static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json",
        "application/json",
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/cloudevents+json",
        "multipart/form-data; boundary=x"
    };

    /** A Java class name (an event type such as dev.patrol.identity.user.disabled.v1 is fine). */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "\\b(dev\\.patrol|java|io\\.(quarkus|vertx|smallrye)|com\\.fasterxml)(\\.[a-z0-9_]+)*\\.[A-Z]\\w*");

    private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Random random = new Random(SEED);

    @Test
    void everyOperationAnswersGeneratedBadInputWithAProblemAndNeverA500() throws Exception {
        JsonNode api = new ObjectMapper()
                .readTree(given().baseUri(Management.url())
                        .accept("application/json")
                        .get("/q/openapi?format=json")
                        .asString());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode() || SPARED.contains(method + " " + path.getKey())) {
                    continue;
                }
                JsonNode body = resolve(api, operation.at("/requestBody/content/application~1json/schema"));
                for (int round = 0; round < ROUNDS; round++) {
                    StringBuilder url = new StringBuilder(fill(path.getKey()));
                    char separator = '?';
                    for (JsonNode parameter : operation.path("parameters")) {
                        if (parameter.path("in").asText().equals("query") && random.nextInt(3) > 0) {
                            int times = random.nextInt(4) == 0 ? 2 : 1; // sometimes the same parameter twice
                            for (int t = 0; t < times; t++) {
                                url.append(separator)
                                        .append(parameter.path("name").asText())
                                        .append('=')
                                        .append(encoded(pick(BAD_VALUES)));
                                separator = '&';
                            }
                        }
                    }
                    HttpRequest.Builder request = HttpRequest.newBuilder(
                                    URI.create(base.toString().replaceAll("/$", "") + url))
                            .timeout(Duration.ofSeconds(30));
                    String authorization = credentials(round);
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    if (method.equals("get") || method.equals("delete")) {
                        request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody());
                    } else {
                        request.header("Content-Type", pick(CONTENT_TYPES))
                                .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString(badBody(body)));
                    }
                    HttpRequest sent = request.build();
                    requests++;
                    String problem;
                    try {
                        problem = judge(path.getKey(), send(sent));
                    } catch (java.io.IOException e) {
                        problem = "no answer (" + e.getMessage() + "), content type "
                                + sent.headers().firstValue("Content-Type").orElse("-") + ", body "
                                + sent.bodyPublisher()
                                        .map(b -> b.contentLength() + " bytes")
                                        .orElse("none");
                    }
                    if (problem != null) {
                        failures.add(method.toUpperCase() + " " + url.substring(0, Math.min(url.length(), 120)) + ": "
                                + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), failures, "seed " + SEED + " (-Dhostile.seed=" + SEED + " replays it)");
        assertTrue(requests >= 30 * ROUNDS, "only " + requests + " requests: is the OpenAPI document complete?");
    }

    /**
     * Sends once more on a fresh connection when the server closed a kept-alive one before this
     * request (it may, after answering a request whose body it did not read; clients retry).
     */
    private HttpResponse<String> send(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String judge(String path, HttpResponse<String> r) {
        int status = r.statusCode();
        String text = r.body();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (status >= 500 && status != 503) {
            return "answered " + status + ": " + abbreviate(text);
        }
        if (text.contains("Exception") || CLASS_NAME.matcher(text).find() || text.contains("\tat ")) {
            return "leaked internals (" + status + "): " + abbreviate(text);
        }
        if ((status == 414 || status == 431) && text.isEmpty()) {
            return null; // refused by the HTTP server before any route: a request line past its limit
        }
        if (path.startsWith("/oauth2/")
                && status >= 400
                && type.startsWith("application/json")
                && text.contains("\"error\"")) {
            return null; // OAuth 2.0 endpoints answer in their protocol's error format (RFC 6749 section 5.2)
        }
        if (status >= 400 && !type.startsWith("application/problem+json")) {
            return status + " with content type " + type + ": " + abbreviate(text);
        }
        return null;
    }

    /** A path with every {parameter} replaced by a bad value (or, sometimes, an unknown UUID). */
    private String fill(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template.substring(i));
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf('}', open);
            String value = random.nextInt(4) == 0 ? UUID.randomUUID().toString() : pick(BAD_VALUES);
            out.append(value.isEmpty() ? "%20" : encoded(value));
            i = close + 1;
        }
        return out.toString();
    }

    /** Mostly an administrator's OIDC token (to reach the handlers); sometimes bob's, none or garbage. */
    private String credentials(int round) {
        return switch (round % 4) {
            case 1 -> null;
            case 2 ->
                pick(new String[] {
                    "Bearer " + pick(BAD_VALUES).replaceAll("[^\\x20-\\x7e]", ""),
                    "Basic " + pick(BAD_VALUES).replaceAll("[^\\x20-\\x7e]", ""),
                    "Bearer ptl_" + "A".repeat(40),
                    "Negotiate x"
                });
            default -> "Bearer " + TOKENS.computeIfAbsent(round % 8 == 3 ? "bob" : "alice", DevOidc::accessToken);
        };
    }

    /**
     * A body that no operation may accept: malformed JSON, a wrong top-level type, or the operation's
     * own object with one field of the wrong type (a string where a number belongs, a number past any
     * range, null inside an array, an object where a string belongs, a string of 100,000 characters).
     */
    private String badBody(JsonNode schema) {
        JsonNode properties = schema == null ? null : schema.path("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty() || random.nextInt(3) == 0) {
            return pick(BAD_BODIES);
        }
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        String type = properties
                .path(name)
                .path("type")
                .asText(properties.path(name).path("type").path(0).asText(""));
        String value = switch (type) {
            case "integer", "number" ->
                pick(new String[] {"\"abc\"", "1e400", "99999999999999999999999999", "true", "[1]"});
            case "boolean" -> pick(new String[] {"\"maybe\"", "2", "{}"});
            case "array" -> pick(new String[] {"[null]", "\"not an array\"", "[{}]", "[[1]]"});
            default -> pick(new String[] {"{}", "[1]", "\"" + "x".repeat(100_000) + "\""});
        };
        return "{\"" + name + "\":" + value + "}";
    }

    /** Percent-encoded as a client would (requests are sent with URL encoding off). */
    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static JsonNode resolve(JsonNode api, JsonNode schema) {
        if (schema.has("$ref")) {
            return api.at(schema.path("$ref").asText().substring(1));
        }
        return schema.isMissingNode() ? null : schema;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
