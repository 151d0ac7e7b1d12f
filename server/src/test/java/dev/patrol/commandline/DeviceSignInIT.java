package dev.patrol.commandline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.patrol.support.PatrolCli;
import dev.patrol.support.SecondInstance;
import dev.patrol.support.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code patrol login --device} (RFC 8628) end to end: the packaged Patrol names a provider that
 * offers the device grant (the test's issuer: real discovery, polling, refresh tokens and RS256
 * tokens for Patrol's audience), the person enters the printed code there, and the session the CLI
 * keeps works against Patrol's API, refreshed when its access token ends.
 */
@QuarkusTest
class DeviceSignInIT {

    static TestIssuer issuer;
    static SecondInstance patrol;
    static final Map<String, List<String>> ACME_USER = Map.of("roles", List.of("user"), "groups", List.of("acme"));

    @BeforeAll
    static void start() throws Exception {
        // Access tokens shorter than the CLI's refresh margin (30 s): every command refreshes first.
        issuer = new TestIssuer().slowDownFirstPoll(true).accessTokensLive(20);
        Map<String, String> env = new java.util.HashMap<>(issuer.productionEnvironment());
        env.put("PATROL_CLI_CLIENT_ID", "patrol-cli");
        patrol = SecondInstance.start(env);
    }

    @AfterAll
    static void stop() throws Exception {
        if (patrol != null) {
            patrol.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void aCodeEnteredAtTheProviderSignsTheTerminalInAndTheSessionRefreshes() throws Exception {
        PatrolCli cli = PatrolCli.inNewHome();
        String[] userCode = new String[1];
        PatrolCli.Run login = cli.loginWithDevice(patrol.baseUrl(), code -> {
            userCode[0] = code;
            issuer.approve(code, "sasha", ACME_USER);
        });
        assertEquals(0, login.exit(), login.err());
        assertTrue(login.err().contains("as sasha"), login.err());

        List<Instant> polls = issuer.polls(userCode[0]);
        assertTrue(polls.size() >= 2, "polled until approved: " + polls);
        Duration afterSlowDown = Duration.between(polls.get(0), polls.get(1));
        assertTrue(
                afterSlowDown.toMillis() >= (TestIssuer.DEVICE_INTERVAL + 5) * 1000L - 250,
                "slow_down adds five seconds to the interval (RFC 8628 3.5): " + afterSlowDown);

        int refreshesBefore = issuer.refreshes();
        String secret = cli.run("token", "create", "--name", "from a terminal", "--scope", "code:read", "--org", "acme")
                .ok()
                .out()
                .strip();
        assertTrue(issuer.refreshes() > refreshesBefore, "the short-lived access token was refreshed first");
        RestAssured.given()
                .baseUri(patrol.baseUrl())
                .auth()
                .preemptive()
                .basic("x", secret)
                .get("/auth/check?scope=code:read")
                .then()
                .statusCode(200);
    }

    @Test
    void aCodeNobodyEntersEndsTheLoginWithoutAWait() throws Exception {
        issuer.deviceCodesExpireAfter(3).slowDownFirstPoll(false);
        try {
            long started = System.nanoTime();
            PatrolCli.Run login = PatrolCli.inNewHome().loginWithDevice(patrol.baseUrl(), code -> {});
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(3, login.exit(), login.err());
            assertTrue(login.err().contains("expired"), login.err());
            // 3 s of life, polls every second, the launcher: far below the 10 minutes of a real code.
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
        } finally {
            issuer.deviceCodesExpireAfter(600).slowDownFirstPoll(true);
        }
    }
}
