package dev.patrol.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
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
 * with whatever {@code aud} and claims a test needs (the dev provider can set neither).
 */
public final class TestIssuer implements AutoCloseable {

    private static final String KEY_ID = "test-issuer-1";

    private final HttpServer server;
    private final KeyPair keys;
    private final java.util.concurrent.atomic.AtomicInteger introspections =
            new java.util.concurrent.atomic.AtomicInteger();

    public TestIssuer() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            String body = "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\","
                    + "\"introspection_endpoint\":\"" + url() + "/introspect\","
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
        server.start();
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
        JwtClaimsBuilder jwt = Jwt.issuer(url())
                .subject(subject)
                .claim("preferred_username", subject)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300));
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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
