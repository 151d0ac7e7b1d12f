package dev.patrol.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;

/**
 * The OS credential store (Secret Service on Linux, Keychain on macOS, Credential Manager on
 * Windows, through java-keyring), holding one item per store directory: the secrets document.
 * Every call has a deadline: a locked keyring waiting for a prompt nobody answers, or a session bus
 * that stopped answering, must not hang git.
 */
final class OsKeyring implements AutoCloseable {

    static final String SERVICE = "patrol";

    /** Long enough to type a password into the desktop's unlock prompt, short enough for git. */
    static final long DEADLINE_SECONDS = 20;

    private final Keyring keyring;
    private final String kind;
    private final ExecutorService calls;

    private OsKeyring(Keyring keyring, ExecutorService calls) {
        this.keyring = keyring;
        this.kind = String.valueOf(keyring.getKeyringStorageType());
        this.calls = calls;
    }

    /**
     * The OS credential store, or null when this machine has none that answers: no session bus (an
     * SSH session, a container, CI), or a backend this OS does not support.
     */
    static OsKeyring open() {
        if (!mayHaveOne()) {
            return null; // no class of the keyring library loaded: headless runs stay as fast as before
        }
        ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "patrol-keyring");
            t.setDaemon(true);
            return t;
        });
        try {
            Keyring keyring = within(calls, Keyring::create);
            return new OsKeyring(keyring, calls);
        } catch (CliException e) {
            // No backend for this OS, a bus that refuses us or does not answer: the same as none.
            calls.shutdownNow();
            return null;
        }
    }

    /** Whether asking is worth it: on Linux and BSDs only with a session bus to ask on. */
    private static boolean mayHaveOne() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("windows")) {
            return true;
        }
        String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        if (bus != null && !bus.isBlank()) {
            return true;
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return runtime != null && !runtime.isBlank() && Files.exists(Path.of(runtime, "bus"));
    }

    /** What a person calls it ("GNOME_KEYRING", "OSX_KEYCHAIN", "WINDOWS_CREDENTIAL_STORE"). */
    String kind() {
        return kind;
    }

    /** The item for {@code account}, or null when there is none. */
    String read(String account) {
        return within(calls, () -> {
            try {
                return keyring.getPassword(SERVICE, account);
            } catch (PasswordAccessException e) {
                return null; // java-keyring's way of saying "no such item"
            }
        });
    }

    void write(String account, String value) {
        within(calls, () -> {
            keyring.setPassword(SERVICE, account, value);
            return null;
        });
    }

    void delete(String account) {
        within(calls, () -> {
            try {
                keyring.deletePassword(SERVICE, account);
            } catch (PasswordAccessException e) {
                // nothing stored: nothing to forget
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            keyring.close();
        } catch (Exception e) {
            // the process ends next; the bus drops the connection anyway
        }
        calls.shutdownNow();
    }

    private static <T> T within(ExecutorService calls, Callable<T> call) {
        Future<T> f = calls.submit(call);
        try {
            return f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "The OS credential store did not answer within " + DEADLINE_SECONDS
                            + " s (is it locked?). Unlock it and try again, or keep the session in a file: "
                            + "PATROL_SECRET_STORE=file patrol login.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "Interrupted while asking the OS credential store.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CliException c) {
                throw c;
            }
            // The message of the keyring's exception names the service and account, never the secret.
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "The OS credential store refused (" + cause.getClass().getSimpleName() + ").");
        }
    }
}
