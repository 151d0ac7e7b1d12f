package dev.patrol.embedded;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded infrastructure as seen from a test JVM: one {@link EmbeddedInfra} child JVM per test
 * JVM, started on first use and stopped when this JVM exits. The child holds the read end of a pipe
 * whose write end only this JVM has, so it also stops when this JVM is killed.
 *
 * <p>Whatever the environment already configures ({@code QUARKUS_DATASOURCE_REACTIVE_URL},
 * {@code KAFKA_BOOTSTRAP_SERVERS}) is not started.
 */
public final class EmbeddedInfraProcess {

    /**
     * JVM-wide record of the running infrastructure. Quarkus may load test classes in a fresh class
     * loader per application start, so a static field alone would start a second infrastructure.
     */
    private static final String STARTED = "embedded-infra-for-patrol";

    private static Process process;

    private EmbeddedInfraProcess() {}

    /** Quarkus config properties pointing at the embedded servers (empty when all are external). */
    public static Map<String, String> config() {
        synchronized (System.class) {
            String started = System.getProperty(STARTED);
            Properties p = new Properties();
            try {
                if (started == null) {
                    p.putAll(start());
                    StringWriter out = new StringWriter();
                    p.store(out, null);
                    System.setProperty(STARTED, out.toString());
                } else {
                    p.load(new StringReader(started));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> result = new LinkedHashMap<>();
            p.stringPropertyNames().stream()
                    .filter(k -> !k.startsWith("patrol.embedded."))
                    .forEach(k -> result.put(k, p.getProperty(k)));
            return result;
        }
    }

    /**
     * The embedded broker's cuttable listener: {port it listens on, port it advertises}, for a test
     * proxy between the two; null when the tests use an external Kafka.
     */
    public static int[] cuttableKafka() {
        config();
        Properties p = new Properties();
        try {
            p.load(new StringReader(System.getProperty(STARTED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String listen = p.getProperty("patrol.embedded.kafka-cuttable-port");
        String advertised = p.getProperty("patrol.embedded.kafka-cuttable-advertised-port");
        return listen == null ? null : new int[] {Integer.parseInt(listen), Integer.parseInt(advertised)};
    }

    static boolean externalPostgres() {
        return System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null;
    }

    static boolean externalKafka() {
        return System.getenv("KAFKA_BOOTSTRAP_SERVERS") != null;
    }

    private static Map<String, String> start() {
        if (externalPostgres() && externalKafka()) {
            return Map.of();
        }
        try {
            Path target = targetDirectory();
            Path readyFile = Files.createTempFile(target, "embedded-infra-", ".ready");
            Files.delete(readyFile);
            Path log = target.resolve("embedded-infra.log");
            List<String> command = new ArrayList<>(javaCommand(EmbeddedInfra.class, "512m"));
            command.addAll(List.of("--ready-file", readyFile.toString()));
            if (externalPostgres()) {
                command.add("--no-postgres");
            }
            if (externalKafka()) {
                command.add("--no-kafka");
            }
            long t0 = System.nanoTime();
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfraProcess::stop, "embedded-infra-process-stop"));
            long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(readyFile)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("embedded infrastructure did not start; see " + log);
                }
                Thread.sleep(20);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(readyFile)) {
                p.load(r);
            }
            Files.deleteIfExists(readyFile);
            System.out.printf(
                    "[patrol] embedded PostgreSQL + Kafka ready in %d ms (log: %s)%n",
                    (System.nanoTime() - t0) / 1_000_000, log);
            Map<String, String> result = new LinkedHashMap<>();
            p.stringPropertyNames().forEach(k -> result.put(k, p.getProperty(k)));
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded infrastructure", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The command that runs {@code main} of one of this package's launchers in its own JVM: a heap of
     * at most {@code maxHeap} (e.g. "512m"), little JIT work, the test classes and the embedded
     * servers' libraries on the class path.
     */
    public static List<String> javaCommand(Class<?> main, String maxHeap) throws IOException {
        Path target = targetDirectory();
        String classpath = target.resolve("test-classes")
                + File.pathSeparator
                + Files.readString(target.resolve("embedded-infra.classpath")).trim();
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", // a test's Kafka and PostgreSQL launcher: less JIT work
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                classpath,
                main.getName());
    }

    public static Path targetDirectory() {
        return Path.of(System.getProperty("patrol.embedded.target-dir", "target"))
                .toAbsolutePath();
    }

    private static void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
        }
    }
}
