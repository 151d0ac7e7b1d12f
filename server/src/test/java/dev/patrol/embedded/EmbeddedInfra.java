package dev.patrol.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Launcher of Patrol's embedded real infrastructure: a PostgreSQL server and a Kafka broker.
 *
 * <p>Runs in its own JVM, started by the test suite ({@link EmbeddedInfraProcess}) and by
 * {@code ./run-local}. When both are ready it writes the connection settings, as Quarkus config
 * properties, to the file named by {@code --ready-file}. It stops everything when its stdin
 * reaches end-of-file (the parent exited, however it exited) or on SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp ... dev.patrol.embedded.EmbeddedInfra --ready-file F [--data-dir D] [--no-postgres] [--no-kafka]
 * </pre>
 * Without {@code --data-dir} the data lives in a fresh temporary directory deleted at stop.
 */
public final class EmbeddedInfra {

    public static void main(String[] args) throws Exception {
        Path readyFile = null;
        Path dataDir = null;
        boolean postgres = true;
        boolean kafka = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ready-file" -> readyFile = Path.of(args[++i]).toAbsolutePath();
                case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                case "--no-postgres" -> postgres = false;
                case "--no-kafka" -> kafka = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (readyFile == null) {
            throw new IllegalArgumentException("--ready-file is required");
        }
        boolean ephemeral = dataDir == null;
        Path base = ephemeral ? Files.createTempDirectory(sharedDirectory(), "run-") : dataDir;
        Files.createDirectories(base);
        makeTraversable(base);

        long started = System.nanoTime();
        EmbeddedPostgres pg = postgres
                ? new EmbeddedPostgres(base.resolve("pgdata"), base.resolve("postgres.log"), freePort(), !ephemeral)
                : null;
        EmbeddedKafka broker =
                kafka ? new EmbeddedKafka(base.resolve("kafka"), freePort(), freePort(), freePort(), freePort()) : null;
        Runnable stop = () -> {
            try {
                if (broker != null) {
                    broker.close();
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
            try {
                if (pg != null) {
                    pg.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
            if (ephemeral) {
                deleteRecursively(base);
            }
        };
        Thread shutdownHook = new Thread(stop, "embedded-infra-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        // Both start in parallel; each reports its own start time.
        Map<String, String> config = new LinkedHashMap<>();
        CompletableFuture<Void> pgStart = CompletableFuture.runAsync(() -> timed("PostgreSQL", () -> {
            if (pg != null) {
                pg.start();
            }
        }));
        CompletableFuture<Void> kafkaStart = CompletableFuture.runAsync(() -> timed("Kafka", () -> {
            if (broker != null) {
                broker.start();
            }
        }));
        try {
            CompletableFuture.allOf(pgStart, kafkaStart).join();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // the shutdown hook stops whatever did start
        }
        if (pg != null) {
            String hostPort = "127.0.0.1:" + pg.port() + "/" + EmbeddedPostgres.DATABASE;
            config.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort);
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
            config.put("quarkus.datasource.username", EmbeddedPostgres.USER);
            config.put("quarkus.datasource.password", "embedded");
        }
        if (broker != null) {
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            config.put("patrol.embedded.kafka-cuttable-port", Integer.toString(broker.cuttablePort()));
            config.put(
                    "patrol.embedded.kafka-cuttable-advertised-port",
                    Integer.toString(broker.cuttableAdvertisedPort()));
        }
        config.put("patrol.embedded.data-dir", base.toString());
        writeReadyFile(readyFile, config);
        System.out.printf(
                "embedded infrastructure ready in %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, config);

        awaitEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void timed(String what, Step step) {
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed to start", e);
        }
        System.out.printf("%s started in %d ms%n", what, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void awaitEndOfInput(InputStream in) {
        try {
            while (in.read() != -1) {
                // input carries no commands: only its end matters
            }
        } catch (IOException ignored) {
            // a broken pipe is an end too
        }
    }

    private static void writeReadyFile(Path readyFile, Map<String, String> config) throws IOException {
        Properties p = new Properties();
        p.putAll(config);
        Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        Files.createDirectories(readyFile.getParent());
        try (var out = Files.newBufferedWriter(tmp)) {
            p.store(out, "Patrol embedded infrastructure");
        }
        Files.move(tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Names the extraction cache after the binaries jar on the classpath (its file name carries the version). */
    static String postgresVersion() {
        var url = EmbeddedInfra.class.getResource("/postgres-linux-x86_64.txz");
        if (url == null) {
            return "missing";
        }
        String s = url.toString();
        int bang = s.indexOf(".jar!");
        return bang < 0 ? "classes" : s.substring(s.lastIndexOf('/', bang) + 1, bang);
    }

    /** A world-traversable directory under the system temp dir, shared by every run on the machine. */
    static Path sharedDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "patrol-embedded-" + System.getProperty("user.name"));
        Files.createDirectories(dir);
        makeTraversable(dir);
        return dir;
    }

    static void makeTraversable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
