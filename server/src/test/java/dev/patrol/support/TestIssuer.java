package dev.patrol.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * An OIDC issuer the test controls: real discovery and JWKS over HTTP, RS256-signed access tokens
 * with whatever {@code aud} and claims a test needs (the dev provider can set neither), and the
 * device authorization grant (RFC 8628) with refresh tokens, which the dev provider does not offer.
 */
public final class TestIssuer implements AutoCloseable {

    private static final String KEY_ID = "test-issuer-1";

    private final HttpServer server;
    private final KeyPair keys;
    private final java.util.concurrent.atomic.AtomicInteger introspections =
            new java.util.concurrent.atomic.AtomicInteger();

    public TestIssuer() throws IOException {
        keys = TestKeys.stranger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            String body = "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\","
                    + "\"introspection_endpoint\":\"" + url() + "/introspect\","
                    + "\"token_endpoint\":\"" + url() + "/token\","
                    + "\"device_authorization_endpoint\":\"" + url() + "/device\","
                    + "\"grant_types_supported\":[\"urn:ietf:params:oauth:grant-type:device_code\",\"refresh_token\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
            send(exchange, body);
        });
        // Counts what reaches it: Patrol must never send a bearer string here (a PAT would leave Patrol).
        server.createContext("/introspect", exchange -> {
            introspections.incrementAndGet();
            send(exchange, "{\"active\":false}");
        });
        server.createContext("/jwks", exchange -> {
            RSAPublicKey key = (RSAPublicKey) keys.getPublic();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String body = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID
                    + "\",\"n\":\""
                    + b64.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                    + b64.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}";
            send(exchange, body);
        });
        server.createContext("/device", exchange -> {
            Map<String, String> form = form(exchange);
            String userCode = "CODE-" + devices.size();
            devices.put(userCode, new DeviceSignIn(form.get("client_id"), "device-code-" + userCode, Instant.now()));
            send(
                    exchange,
                    200,
                    "{\"device_code\":\"device-code-" + userCode + "\",\"user_code\":\"" + userCode
                            + "\",\"verification_uri\":\"" + url() + "/activate\",\"expires_in\":"
                            + deviceExpiresIn + ",\"interval\":" + DEVICE_INTERVAL + "}");
        });
        server.createContext("/token", exchange -> {
            Map<String, String> form = form(exchange);
            switch (String.valueOf(form.get("grant_type"))) {
                case "urn:ietf:params:oauth:grant-type:device_code" -> poll(exchange, form);
                case "refresh_token" -> {
                    Approval who = refreshTokens.get(form.get("refresh_token"));
                    if (who == null) {
                        send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                    } else {
                        refreshes.incrementAndGet();
                        send(exchange, 200, tokens(who));
                    }
                }
                default -> send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            }
        });
        server.start();
    }

    // The device authorization grant (RFC 8628), as a provider runs it: a person enters the user code
    // on the provider's page ({@link #approve}); until then the client's polls are "pending".

    /** Seconds between polls the issuer asks for. */
    public static final int DEVICE_INTERVAL = 1;

    /** Who approved a sign-in, and with which claims. */
    private record Approval(String subject, Map<String, List<String>> claims) {}

    /** One device sign-in: its polls (when they came) and, once the person approved it, who they are. */
    private static final class DeviceSignIn {
        final String clientId;
        final String deviceCode;
        final Instant started;
        final List<Instant> polls = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Approval approval;

        DeviceSignIn(String clientId, String deviceCode, Instant started) {
            this.clientId = clientId;
            this.deviceCode = deviceCode;
            this.started = started;
        }
    }

    private final Map<String, DeviceSignIn> devices = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Approval> refreshTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int deviceExpiresIn = 600;
    private volatile boolean slowDownFirstPoll;
    private volatile int accessTokenSeconds = 300;

    /** Codes the issuer hands out from now on expire after {@code seconds}. */
    public TestIssuer deviceCodesExpireAfter(int seconds) {
        deviceExpiresIn = seconds;
        return this;
    }

    /** Whether the first poll of each sign-in is answered {@code slow_down}, as a provider under load does. */
    public TestIssuer slowDownFirstPoll(boolean slowDown) {
        slowDownFirstPoll = slowDown;
        return this;
    }

    /** Access tokens from the token endpoint live {@code seconds} (refresh tokens do not end). */
    public TestIssuer accessTokensLive(int seconds) {
        accessTokenSeconds = seconds;
        return this;
    }

    /** The person enters {@code userCode} on the provider's page and signs in as {@code subject}. */
    public void approve(String userCode, String subject, Map<String, List<String>> claims) {
        DeviceSignIn d = devices.get(userCode);
        if (d == null) {
            throw new IllegalArgumentException("no device sign-in with code " + userCode);
        }
        d.approval = new Approval(subject, claims);
    }

    /** When the client polled for {@code userCode}'s tokens. */
    public List<Instant> polls(String userCode) {
        return List.copyOf(devices.get(userCode).polls);
    }

    /** How many access tokens were refreshed. */
    public int refreshes() {
        return refreshes.get();
    }

    private void poll(com.sun.net.httpserver.HttpExchange exchange, Map<String, String> form) throws IOException {
        DeviceSignIn d = devices.values().stream()
                .filter(x -> x.deviceCode.equals(form.get("device_code")) && x.clientId.equals(form.get("client_id")))
                .findFirst()
                .orElse(null);
        if (d == null) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        Instant previous = d.polls.isEmpty() ? null : d.polls.get(d.polls.size() - 1);
        d.polls.add(now);
        String error = now.isAfter(d.started.plusSeconds(deviceExpiresIn))
                ? "expired_token"
                : previous == null && slowDownFirstPoll
                        ? "slow_down"
                        : previous != null
                                        && previous.plusMillis(DEVICE_INTERVAL * 1000L - 100)
                                                .isAfter(now)
                                ? "slow_down" // RFC 8628 3.5: polled sooner than the interval
                                : d.approval == null ? "authorization_pending" : null;
        if (error != null) {
            send(exchange, 400, "{\"error\":\"" + error + "\"}");
        } else {
            send(exchange, 200, tokens(d.approval));
        }
    }

    private String tokens(Approval who) {
        String refresh = "refresh-" + java.util.UUID.randomUUID();
        refreshTokens.put(refresh, who);
        JwtClaimsBuilder jwt = Jwt.issuer(url())
                .subject(who.subject())
                .claim("preferred_username", who.subject())
                .audience("patrol")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(accessTokenSeconds));
        who.claims().forEach(jwt::claim);
        return "{\"access_token\":\"" + jwt.jws().keyId(KEY_ID).sign(keys.getPrivate())
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + accessTokenSeconds + ",\"refresh_token\":\""
                + refresh + "\"}";
    }

    private static Map<String, String> form(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        Map<String, String> form = new java.util.HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /**
     * What a packaged Patrol needs to trust this issuer as production would: its tokens must name
     * Patrol's audience, roles come from {@code roles}, organizations from {@code groups}.
     */
    public Map<String, String> productionEnvironment() {
        return Map.of(
                "QUARKUS_OIDC_AUTH_SERVER_URL", url(),
                "QUARKUS_OIDC_TOKEN_AUDIENCE", "patrol",
                "PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE", "false",
                "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "roles",
                "PATROL_IDENTITY_ORGANIZATIONS_CLAIM", "groups");
    }

    /** How many calls reached the introspection endpoint. */
    public int introspections() {
        return introspections.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An access token for {@code subject}; {@code audience} null: no {@code aud} claim at all. */
    public String accessToken(String subject, String audience, Map<String, List<String>> claims) {
        return accessToken(subject, audience, claims, Instant.now().plusSeconds(300));
    }

    /** An access token for {@code subject} that expires at {@code expiresAt} (whole seconds). */
    public String accessToken(String subject, String audience, Map<String, List<String>> claims, Instant expiresAt) {
        JwtClaimsBuilder jwt = Jwt.issuer(url())
                .subject(subject)
                .claim("preferred_username", subject)
                .issuedAt(Instant.now())
                .expiresAt(expiresAt);
        if (audience != null) {
            jwt.audience(audience);
        }
        claims.forEach(jwt::claim);
        return jwt.jws().keyId(KEY_ID).sign(keys.getPrivate());
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        send(exchange, 200, body);
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
