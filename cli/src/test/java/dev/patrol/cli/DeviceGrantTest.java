package dev.patrol.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 8628 against a provider over real HTTP: the device code, the polling at the provider's
 * interval, {@code slow_down} (five seconds more), {@code expired_token} and {@code access_denied}.
 */
class DeviceGrantTest {

    HttpServer provider;
    final Queue<String> tokenAnswers = new ConcurrentLinkedQueue<>();
    final List<String> tokenRequests = new ArrayList<>();
    final List<Duration> waits = new ArrayList<>();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Oidc oidc;
    Oidc.Provider p;

    @BeforeEach
    void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/device", x -> {
            String body =
                    "{\"device_code\":\"dc-1\",\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"https://idp.example/device\","
                            + "\"expires_in\":600,\"interval\":1}";
            answer(x, 200, body);
        });
        provider.createContext("/token", x -> {
            synchronized (tokenRequests) {
                tokenRequests.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            String next = tokenAnswers.poll();
            if (next.startsWith("{")) {
                answer(x, 200, next);
            } else {
                answer(x, 400, "{\"error\":\"" + next + "\"}");
            }
        });
        provider.start();
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        p = new Oidc.Provider(
                "https://idp.example",
                "patrol-cli",
                null,
                "openid offline_access",
                null,
                URI.create(base + "/token"),
                URI.create(base + "/device"),
                null);
        oidc = new Oidc(new Http(), Clock.systemUTC(), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    static void answer(com.sun.net.httpserver.HttpExchange x, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Test
    void pollsAtTheIntervalSlowsDownWhenToldAndReturnsTheTokens() {
        tokenAnswers.addAll(List.of(
                "authorization_pending",
                "slow_down",
                "authorization_pending",
                "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":300}"));
        Oidc.Tokens t = oidc.deviceSignIn(p, waits::add);
        assertEquals("at", t.accessToken());
        assertEquals("rt", t.refreshToken());
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(6)),
                waits);
        assertTrue(tokenRequests.get(0).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"));
        assertTrue(tokenRequests.get(0).contains("device_code=dc-1"));
        String shown = err.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("https://idp.example/device") && shown.contains("WDJB-MJHT"), shown);
    }

    @Test
    void anExpiredCodeEndsTheSignInWithASentence() {
        tokenAnswers.addAll(List.of("authorization_pending", "expired_token"));
        CliException e = assertThrows(CliException.class, () -> oidc.deviceSignIn(p, waits::add));
        assertEquals(CliException.NOT_SIGNED_IN, e.exitCode);
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aRefusalEndsTheSignIn() {
        tokenAnswers.add("access_denied");
        CliException e = assertThrows(CliException.class, () -> oidc.deviceSignIn(p, waits::add));
        assertEquals("The sign-in was refused.", e.getMessage());
    }
}
