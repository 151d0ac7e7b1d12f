package dev.patrol.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Where the CLI keeps what it knows, in one directory readable only by the person: {@code
 * config.json} (servers and git hosts, nothing secret) and {@code secrets.json} (the sign-in session
 * and the PATs minted for git), both mode 0600 and replaced atomically, never half written. The
 * directory is {@code $PATROL_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/patrol}, else {@code
 * $HOME/.config/patrol}. No OS credential store is used yet (docs/cli.md says so).
 */
final class Store {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    final Path dir;

    /** Whether this process holds the lock (one thread: a CLI run). */
    private boolean holding;

    Store(Path dir) {
        this.dir = dir;
    }

    static Store fromEnvironment() {
        String explicit = System.getenv("PATROL_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new Store(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        // $HOME, as every Unix tool reads it (Java's user.home comes from the password database).
        String home = System.getenv("HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".config");
        return new Store(base.resolve("patrol"));
    }

    Path secretsFile() {
        return dir.resolve("secrets.json");
    }

    Map<String, Object> config() {
        return read(dir.resolve("config.json"));
    }

    void config(Map<String, Object> config) {
        write(dir.resolve("config.json"), config);
    }

    Map<String, Object> secrets() {
        return read(secretsFile());
    }

    void secrets(Map<String, Object> secrets) {
        write(secretsFile(), secrets);
    }

    /**
     * Runs {@code action} holding the directory's lock: git may run several helpers at once (a
     * parallel fetch), and two of them must not mint two PATs or rotate one twice.
     */
    <T> T locked(Supplier<T> action) {
        if (holding) {
            return action.get(); // re-entered (minting a PAT refreshes the session): the lock is held
        }
        ensureDirectory();
        try (FileChannel lock =
                        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var held = lock.lock()) {
            holding = true;
            try {
                return action.get();
            } finally {
                holding = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A map inside {@code parent}, created when missing. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    private static Map<String, Object> read(Path file) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(JSON.std.mapFrom(Files.readString(file)));
        } catch (IOException e) {
            throw new CliException(
                    CliException.REFUSED,
                    file + " cannot be read (" + e.getClass().getSimpleName() + "); delete it and sign in again.");
        }
    }

    private void write(Path file, Map<String, Object> content) {
        ensureDirectory();
        try {
            Path tmp = POSIX
                    ? Files.createTempFile(
                            dir,
                            ".tmp-",
                            ".json",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".tmp-", ".json");
            try {
                Files.writeString(
                        tmp, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(content));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(CliException.REFUSED, "Cannot write " + file + ": " + e.getMessage());
        }
    }

    private void ensureDirectory() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new CliException(CliException.REFUSED, "Cannot create " + dir + ": " + e.getMessage());
        }
    }
}
