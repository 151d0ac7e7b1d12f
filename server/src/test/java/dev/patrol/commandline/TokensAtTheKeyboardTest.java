package dev.patrol.commandline;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.support.PatrolCli;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code patrol token ...} signed in as a person: a created secret goes to stdout alone when stdout
 * is not a terminal, is never printed again, and works; the API's refusals come back as sentences
 * with the documented exit codes.
 */
@QuarkusTest
class TokensAtTheKeyboardTest {

    static PatrolCli cli;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void signIn() throws Exception {
        cli = PatrolCli.inNewHome();
        cli.login(ConfigProvider.getConfig().getValue("test.url", String.class), "quinn");
    }

    @Test
    void aCreatedSecretGoesToStdoutAloneAndIsNeverShownAgain() throws Exception {
        PatrolCli.Run created = cli.run("token", "create", "--name", "deploy", "--scope", "code:read", "--org", "acme")
                .ok();
        String secret = created.out().strip();
        assertTrue(
                secret.matches("[A-Za-z0-9_]+") && !secret.contains("\n"),
                "stdout is the secret alone: " + created.out());
        assertFalse(created.err().contains(secret), "the details on stderr do not repeat it");
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(200);

        String id = created.err().replaceAll("(?s).*Token ([0-9a-f-]{36}).*", "$1");
        PatrolCli.Run shown = cli.run("token", "show", id).ok();
        assertTrue(shown.out().contains("deploy") && shown.out().contains("code:read"), shown.out());
        PatrolCli.Run listed = cli.run("token", "list", "-o", "json").ok();
        List<Map<String, Object>> tokens = JSON.readValue(listed.out(), new TypeReference<>() {});
        assertTrue(tokens.stream().anyMatch(t -> id.equals(t.get("id"))), listed.out());
        for (PatrolCli.Run r : List.of(shown, listed, cli.run("token", "list").ok())) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "the secret is printed once only");
        }

        cli.run("token", "edit", id, "--name", "deploy (prod)").ok();
        // Bound to a network the test client is outside of, then to any address again.
        PatrolCli.Run bound =
                cli.run("token", "edit", id, "--network", "10.0.0.0/8").ok();
        assertTrue(bound.out().matches("(?s).*allowedNetworks: +10\\.0\\.0\\.0/8.*"), bound.out());
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(403);
        Awaitility.await() // the refusal is written in the next batch
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        cli.run("token", "show", id).ok().out().matches("(?s).*refused: +\\S+ from 127\\.0\\.0\\.1.*"));
        cli.run("token", "edit", id, "--any-network").ok();
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(200);
        PatrolCli.Run regenerated =
                cli.run("token", "regenerate", id, "-o", "json").ok();
        Map<String, Object> view = JSON.readValue(regenerated.out(), new TypeReference<>() {});
        assertEquals("deploy (prod)", view.get("name"));
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(401);
        String next = view.get("token").toString();
        cli.run("token", "revoke", id).ok();
        Pats.basic("x", next).get("/auth/check?scope=code:read").then().statusCode(401);
    }

    @Test
    void administratorsGovernAnyonesTokensAndOthersAreRefused() throws Exception {
        String secret = cli.run("token", "create", "--name", "to govern", "--scope", "code:read", "--org", "acme")
                .ok()
                .out()
                .strip();
        PatrolCli admin = PatrolCli.inNewHome();
        admin.login(ConfigProvider.getConfig().getValue("test.url", String.class), "wendy");
        List<Map<String, Object>> quinns = JSON.readValue(
                admin.run("admin", "tokens", "--owner", "quinn", "--state", "active", "-o", "json")
                        .ok()
                        .out(),
                new TypeReference<>() {});
        String id = quinns.stream()
                .filter(t -> "to govern".equals(t.get("name")))
                .findFirst()
                .orElseThrow()
                .get("id")
                .toString();
        admin.run("admin", "revoke", id, "--reason", "seen in a public gist").ok();
        assertTrue(cli.run("token", "show", id).ok().out().contains("revoked"));
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(401);
        assertTrue(admin.run("admin", "policy").ok().out().strip().startsWith("{"));

        PatrolCli.Run notAnAdmin = cli.run("admin", "tokens");
        assertEquals(1, notAnAdmin.exit(), notAnAdmin.err());
        assertTrue(notAnAdmin.err().startsWith("patrol: "), notAnAdmin.err());
    }

    @Test
    void refusalsAreSentencesWithTheirExitCodes() throws Exception {
        PatrolCli.Run unknownScope = cli.run("token", "create", "--name", "x", "--scope", "code:fly", "--org", "acme");
        assertEquals(1, unknownScope.exit(), unknownScope.err());
        assertTrue(
                unknownScope.err().startsWith("patrol: ") && unknownScope.err().contains("code:fly"),
                unknownScope.err());
        assertFalse(
                unknownScope.err().contains("Exception") || unknownScope.err().contains("\tat "), unknownScope.err());

        PatrolCli.Run missing = cli.run("token", "show", "00000000-0000-0000-0000-000000000000");
        assertEquals(4, missing.exit(), missing.err());

        PatrolCli.Run usage = cli.run("token", "create", "--name", "x");
        assertEquals(2, usage.exit(), usage.err());

        PatrolCli stranger = PatrolCli.inNewHome();
        PatrolCli.Run notSignedIn = stranger.run("token", "list");
        assertEquals(3, notSignedIn.exit());
        assertEquals("patrol: Not signed in: run patrol login SERVER\n", notSignedIn.err());
    }
}
