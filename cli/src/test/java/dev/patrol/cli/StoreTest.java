package dev.patrol.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void theLockIsReentrantWithinARun() {
        Store store = new Store(home.resolve("patrol"));
        assertEquals("inner", store.locked(() -> store.locked(() -> "inner")));
    }
}
