package dev.patrol.commandline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.support.GitHttpBackend;
import dev.patrol.support.Nginx;
import dev.patrol.support.PatrolCli;
import dev.patrol.support.Pats;
import dev.patrol.support.SecretService;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * git on a developer's machine with Patrol's credential helper: a real git clones and pushes through
 * the nginx recipe of docs/gateway.md to a real git server ({@code git http-backend}); the person
 * signed in once with {@code patrol login} (Chromium on the dev provider's page) and never sees a
 * secret.
 */
@QuarkusTest
class GitThroughTheGatewayTest {

    static GitHttpBackend git;
    static Nginx nginx;
    static String patrol;
    static String remote;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        patrol = ConfigProvider.getConfig().getValue("test.url", String.class).replaceAll("/$", "");
        git = GitHttpBackend.start();
        git.createRepository("repos/acme/app.git");
        nginx = Nginx.start(patrol, git.port());
        remote = "http://127.0.0.1:" + nginx.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void gitClonesAndPushesMintingOneTokenAndANewOneAfterARevocation() throws Exception {
        PatrolCli cli = PatrolCli.inNewHome();
        cli.login(patrol, "quinn");
        cli.run("git", "setup", remote).ok();

        Path first = cli.home.resolve("first");
        cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", first.toString())
                .ok();
        List<Map<String, Object>> minted = gitTokens(cli);
        assertEquals(1, minted.size(), "the first clone mints one token: " + minted);
        assertTrue(minted.get(0).get("name").toString().startsWith("git on "), minted.toString());

        Files.writeString(first.resolve("change.txt"), "pushed through Patrol\n");
        cli.git(first, "add", "change.txt").ok();
        cli.git(first, "-c", "user.name=quinn", "-c", "user.email=quinn@example.com", "commit", "-q", "-m", "change")
                .ok();
        cli.git(first, "push", "-q", "origin", "main").ok();

        Path second = cli.home.resolve("second");
        cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", second.toString())
                .ok();
        assertTrue(Files.exists(second.resolve("change.txt")), "the push reached the server");
        assertEquals(1, gitTokens(cli).size(), "a second clone mints nothing");

        String id = minted.get(0).get("id").toString();
        String secret = storedSecret(cli);
        cli.run("token", "revoke", id).ok();
        PatrolCli.Run refused = cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", "third");
        assertNotEquals(0, refused.exit(), "a revoked token does not clone");
        assertFalse(cli.run("git-credential", "get").out().contains(secret), "nothing answered without a host");
        assertEquals(null, storedSecretOrNull(cli), "git's erase made the helper forget the refused secret");

        cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", "fourth")
                .ok();
        List<Map<String, Object>> now = gitTokens(cli);
        assertEquals(2, now.size(), "the next clone minted a new token: " + now);
        assertEquals(
                1, now.stream().filter(t -> "active".equals(t.get("state"))).count(), now.toString());
    }

    @Test
    void aTokenNearItsEndIsRotatedByGitsOwnRequestAndTheOldSecretDies() throws Exception {
        PatrolCli cli = PatrolCli.inNewHome();
        cli.login(patrol, "ursula");
        // Every request counts as "near the end": each get rotates, as the last third of a life would.
        cli.run("git", "setup", remote, "--rotate-at", "1").ok();
        cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", "one").ok();
        String before = storedSecret(cli);
        String id = gitTokens(cli).get(0).get("id").toString();

        cli.git(cli.home.resolve("one"), "fetch", "-q", "origin").ok();
        String after = storedSecret(cli);
        assertNotEquals(before, after, "the fetch rotated the token");
        assertEquals(1, gitTokens(cli).size(), "rotation keeps the token (same id), mints none");
        assertEquals(id, gitTokens(cli).get(0).get("id").toString());
        Pats.basic("x", before).get("/auth/check?scope=code:read").then().statusCode(401);
    }

    @Test
    void withoutASessionGitIsToldToSignInAndNeverWaits() throws Exception {
        PatrolCli cli = PatrolCli.inNewHome();
        cli.run("git", "setup", remote, "--server", patrol).ok();
        PatrolCli.Run get =
                cli.withInput("protocol=http\nhost=127.0.0.1:" + nginx.port + "\n\n", "git-credential", "get");
        assertEquals(0, get.exit(), get.err());
        assertEquals("", get.out(), "nothing to give git");
        assertTrue(get.err().contains("run patrol login"), get.err());
        PatrolCli.Run clone = cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", "x");
        assertNotEquals(0, clone.exit());
    }

    @Test
    void theStoreIsReadableOnlyByItsOwnerAndLogoutLeavesNothingAlive() throws Exception {
        PatrolCli cli = PatrolCli.inNewHome();
        cli.login(patrol, "victor");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.store())));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(cli.store().resolve("secrets.json"))));
        cli.run("git", "setup", remote).ok();
        PatrolCli.Run get = cli.withInput(
                        "protocol=http\nhost=127.0.0.1:" + nginx.port + "\n\n", "git-credential", "get")
                .ok();
        String secret = storedSecret(cli);
        assertTrue(get.out().contains("password=" + secret + "\n"), "git gets the held token");
        assertFalse(get.err().contains(secret), "never on stderr");

        cli.run("logout").ok();
        assertFalse(Files.exists(cli.store().resolve("secrets.json")), "nothing secret is left on disk");
        Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(401);
    }

    @Test
    void onADesktopTheSecretsLiveInTheOsCredentialStoreAndNeverOnDisk() throws Exception {
        try (SecretService keyring = SecretService.start()) {
            PatrolCli cli = PatrolCli.inNewHome().withSecretService(keyring);
            cli.login(patrol, "xena");
            PatrolCli.Run status = cli.run("status").ok();
            assertTrue(status.out().contains("the OS credential store (GNOME_KEYRING)"), status.out());
            cli.run("git", "setup", remote).ok();
            cli.git(cli.home, "clone", "-q", remote + "/repos/acme/app.git", "one")
                    .ok();
            cli.git(cli.home.resolve("one"), "fetch", "-q", "origin").ok();
            assertEquals(1, gitTokens(cli).size(), "one token minted, then answered from the keyring: " + status);

            String item =
                    keyring.lookup("service", "patrol", "account", cli.store().toString());
            assertTrue(item != null && item.contains("refreshToken"), "the session is in the keyring");
            Map<?, ?> held = JSON.readValue(item, Map.class);
            String refresh =
                    ((Map<?, ?>) held.get("session")).get("refreshToken").toString();
            String secret = ((Map<?, ?>)
                            ((Map<?, ?>) held.get("git")).values().iterator().next())
                    .get("secret")
                    .toString();
            assertFalse(Files.exists(cli.store().resolve("secrets.json")), "no secrets file");
            try (var files = Files.walk(cli.home)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(secret) || text.contains(refresh), "a secret on disk in " + f);
                }
            }

            PatrolCli headless = PatrolCli.at(cli.home); // the same person over SSH: no session bus
            PatrolCli.Run get =
                    headless.withInput("protocol=http\nhost=127.0.0.1:" + nginx.port + "\n\n", "git-credential", "get");
            assertNotEquals(0, get.exit());
            assertEquals("", get.out(), "nothing for git, and no wait");
            assertTrue(get.err().contains("OS credential store"), get.err());

            cli.run("logout").ok();
            assertEquals(
                    null,
                    keyring.lookup("service", "patrol", "account", cli.store().toString()));
            Pats.basic("x", secret).get("/auth/check?scope=code:read").then().statusCode(401);
        }
    }

    static List<Map<String, Object>> gitTokens(PatrolCli cli) throws Exception {
        PatrolCli.Run list = cli.run("token", "list", "-o", "json").ok();
        List<Map<String, Object>> all =
                JSON.readValue(list.out(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        return all.stream()
                .filter(t -> t.get("name").toString().startsWith("git on "))
                .toList();
    }

    static String storedSecret(PatrolCli cli) throws Exception {
        String s = storedSecretOrNull(cli);
        assertTrue(s != null, "the helper holds a token");
        return s;
    }

    @SuppressWarnings("unchecked")
    static String storedSecretOrNull(PatrolCli cli) throws Exception {
        Map<String, Object> secrets =
                JSON.readValue(cli.store().resolve("secrets.json").toFile(), Map.class);
        Map<String, Map<String, Object>> held =
                (Map<String, Map<String, Object>>) secrets.getOrDefault("git", Map.of());
        return held.values().stream()
                .map(h -> h.get("secret").toString())
                .findFirst()
                .orElse(null);
    }
}
