package dev.patrol.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {

    @TempDir
    Path home;

    @Test
    void secretsAreReadableOnlyByTheirOwnerAndReplacedWhole() throws Exception {
        Store store = new Store(home.resolve("patrol"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("session", Map.of("refreshToken", "r1"));
        store.secrets(s);
        s.put("session", Map.of("refreshToken", "r2"));
        store.secrets(s);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.secretsFile())));
        assertEquals(Map.of("refreshToken", "r2"), store.secrets().get("session"));
        try (var files = Files.list(store.dir)) {
            assertEquals(
                    0,
                    files.filter(f -> f.getFileName().toString().startsWith(".tmp-"))
                            .count(),
                    "no half-written file left");
        }
    }

    @Test
    void withoutAnOsCredentialStoreTheSecretsGoToTheFileAndLogoutLeavesNone() throws Exception {
        Store store = new Store(home.resolve("patrol"), Store.AUTO, () -> null);
        store.secrets(new LinkedHashMap<>(Map.of("session", Map.of("refreshToken", "r1"))));
        assertTrue(Files.exists(store.secretsFile()));
        assertTrue(store.secretsPlace().contains("no OS credential store answered"), store.secretsPlace());
        store.secrets(new LinkedHashMap<>());
        assertFalse(Files.exists(store.secretsFile()), "signed out: nothing left");
    }

    @Test
    void theNextRunWhereNoStoreAnswersDoesNotPromiseToMoveTheFileToOne() {
        new Store(home.resolve("patrol"), Store.AUTO, () -> null)
                .secrets(new LinkedHashMap<>(Map.of("session", Map.of("refreshToken", "r1"))));
        Store next = new Store(home.resolve("patrol"), Store.AUTO, () -> null);
        String place = next.secretsPlace();
        assertTrue(place.contains("no OS credential store answers here"), place);
        assertFalse(place.contains("move it"), place);
    }

    @Test
    void aFileFromBeforeIsKeptAndNoStoreIsAskedFor() {
        new Store(home.resolve("patrol")).secrets(new LinkedHashMap<>(Map.of("session", Map.of("refreshToken", "r1"))));
        int[] asked = {0};
        Store store = new Store(home.resolve("patrol"), Store.AUTO, () -> {
            asked[0]++;
            return null;
        });
        assertEquals(Map.of("refreshToken", "r1"), store.secrets().get("session"));
        assertEquals(0, asked[0], "git's fast path opens no keyring where the file already holds the secrets");
    }

    @Test
    void aSessionKeptInTheKeyringIsNotReplacedByAFileWhereTheKeyringDoesNotAnswer() {
        Store first = new Store(home.resolve("patrol"));
        first.config(new LinkedHashMap<>(Map.of("secretStore", Store.KEYRING)));
        Store overSsh = new Store(home.resolve("patrol"), Store.AUTO, () -> null);
        CliException refused = assertThrows(CliException.class, overSsh::secrets);
        assertEquals(CliException.UNAVAILABLE, refused.exitCode);
        assertTrue(refused.getMessage().contains("PATROL_SECRET_STORE=file"), refused.getMessage());

        Store explicit = new Store(home.resolve("patrol"), Store.FILE, () -> {
            throw new AssertionError("PATROL_SECRET_STORE=file asks no keyring");
        });
        explicit.secrets(new LinkedHashMap<>(Map.of("session", Map.of("refreshToken", "r2"))));
        assertEquals(null, explicit.config().get("secretStore"), "the file decides from now on");
        assertEquals(
                Map.of("refreshToken", "r2"),
                new Store(home.resolve("patrol"), Store.AUTO, () -> null)
                        .secrets()
                        .get("session"));
    }

    @Test
    void askingForTheKeyringWhereNoneAnswersIsRefused() {
        Store store = new Store(home.resolve("patrol"), Store.KEYRING, () -> null);
        assertEquals(CliException.UNAVAILABLE, assertThrows(CliException.class, store::secrets).exitCode);
    }

    @Test
    void theLockIsReentrantWithinARun() {
        Store store = new Store(home.resolve("patrol"));
        assertEquals("inner", store.locked(() -> store.locked(() -> "inner")));
    }
}
