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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Where the CLI keeps what it knows, in one directory readable only by the person: {@code
 * config.json} (servers and git hosts, nothing secret) and the secrets document (the sign-in
 * session and the PATs minted for git). The secrets go to the OS credential store when one answers
 * ({@link OsKeyring}: one item per directory), else to {@code secrets.json}; files are mode 0600 and
 * replaced atomically, never half written. The choice is made at the first sign-in and recorded in
 * {@code config.json}; {@code PATROL_SECRET_STORE=file|keyring} overrides it. The directory is
 * {@code $PATROL_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/patrol}, else {@code $HOME/.config/patrol}.
 */
final class Store {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    static final String FILE = "file";
    static final String KEYRING = "keyring";
    static final String AUTO = "auto";

    final Path dir;

    /** {@link #FILE}, {@link #KEYRING} or {@link #AUTO} (the OS credential store when one answers). */
    private final String preference;

    /** The OS credential store once chosen; null while the secrets live in the file. */
    private OsKeyring keyring;

    private boolean chosen;

    /** Why the secrets are in the file, for the person; null until asked where a file was found. */
    private String whyTheFile = "no OS credential store answered here";

    private final Supplier<OsKeyring> keyrings;

    /** Whether this process holds the lock (one thread: a CLI run). */
    private boolean holding;

    /** A store whose secrets stay in {@code secrets.json}. */
    Store(Path dir) {
        this(dir, FILE);
    }

    Store(Path dir, String preference) {
        this(dir, preference, OsKeyring::open);
    }

    /** @param keyrings opens the OS credential store, or gives null where none answers */
    Store(Path dir, String preference, Supplier<OsKeyring> keyrings) {
        this.dir = dir;
        this.preference = preference;
        this.keyrings = keyrings;
    }

    static Store fromEnvironment() {
        String asked = System.getenv("PATROL_SECRET_STORE");
        String preference = asked == null || asked.isBlank() ? AUTO : asked.strip();
        if (!List.of(FILE, KEYRING, AUTO).contains(preference)) {
            throw new CliException(2, "PATROL_SECRET_STORE is file, keyring or auto, not " + preference + ".");
        }
        String explicit = System.getenv("PATROL_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new Store(Path.of(explicit), preference);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        // $HOME, as every Unix tool reads it (Java's user.home comes from the password database).
        String home = System.getenv("HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".config");
        return new Store(base.resolve("patrol"), preference);
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
        if (osKeyring() == null) {
            return read(secretsFile());
        }
        String document = keyring.read(keyringAccount());
        if (document == null) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(JSON.std.mapFrom(document));
        } catch (IOException e) {
            throw new CliException(
                    CliException.REFUSED,
                    "The OS credential store's item for Patrol (service patrol, account " + keyringAccount()
                            + ") cannot be read; delete it there and sign in again.");
        }
    }

    /** Replaces the secrets document; an empty one leaves nothing behind (signed out). */
    void secrets(Map<String, Object> secrets) {
        if (osKeyring() == null) {
            if (secrets.isEmpty()) {
                delete(secretsFile());
            } else {
                write(secretsFile(), secrets);
            }
            Map<String, Object> config = config();
            if (config.remove("secretStore") != null) {
                config(config); // switched to the file by PATROL_SECRET_STORE=file: the file decides now
            }
            return;
        }
        if (secrets.isEmpty()) {
            keyring.delete(keyringAccount());
        } else {
            try {
                keyring.write(keyringAccount(), JSON.std.asString(secrets));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        delete(secretsFile()); // a file left from before the switch would keep old secrets on disk
        Map<String, Object> config = config();
        if (!KEYRING.equals(config.get("secretStore"))) {
            config.put("secretStore", KEYRING);
            config(config);
        }
    }

    /** Where the secrets are kept, in words for the person. */
    String secretsPlace() {
        if (osKeyring() != null) {
            return "the OS credential store (" + keyring.kind() + ")";
        }
        if (whyTheFile == null) {
            // A file already there (an earlier sign-in here, or one before the CLI knew the OS store):
            // only promise a move where a store answers (printed by login and status, not by git).
            OsKeyring probe = keyrings.get();
            if (probe == null) {
                whyTheFile = "no OS credential store answers here";
            } else {
                probe.close();
                whyTheFile = "kept from before; patrol logout and login again move it to the OS credential store";
            }
        }
        return secretsFile() + " (readable only by you; " + whyTheFile + ")";
    }

    /** Closes the connection to the OS credential store, if one was opened. */
    void close() {
        if (keyring != null) {
            keyring.close();
        }
    }

    /**
     * The OS credential store when the secrets live there, else null. Decided once per run: the
     * person's explicit choice, else what the first sign-in recorded, else a {@code secrets.json}
     * already there (kept), else the OS credential store when one answers.
     */
    private OsKeyring osKeyring() {
        if (chosen) {
            return keyring;
        }
        chosen = true;
        Object recorded = config().get("secretStore");
        String choice = !AUTO.equals(preference)
                ? preference
                : recorded != null ? String.valueOf(recorded) : Files.exists(secretsFile()) ? FILE : AUTO;
        if (FILE.equals(choice)) {
            whyTheFile = FILE.equals(preference) ? "PATROL_SECRET_STORE=file" : null; // null: see secretsPlace
            return null;
        }
        keyring = keyrings.get();
        if (keyring == null && KEYRING.equals(choice)) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    KEYRING.equals(recorded) && AUTO.equals(preference)
                            ? "Your Patrol session is kept in the OS credential store, which does not answer here"
                                    + " (no session bus?). Sign in again with PATROL_SECRET_STORE=file to keep it in a file."
                            : "PATROL_SECRET_STORE=keyring, but no OS credential store answers here (no session bus?).");
        }
        return keyring;
    }

    private String keyringAccount() {
        return dir.toAbsolutePath().normalize().toString();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliException(CliException.REFUSED, "Cannot delete " + file + ": " + e.getMessage());
        }
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
