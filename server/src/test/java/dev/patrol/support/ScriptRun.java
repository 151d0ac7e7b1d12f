package dev.patrol.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One of the repository's shell scripts ({@code ./run-local}, {@code bench/*.sh}) run as a person
 * would run it, output to a log file. It remembers every process the script ever started (sampled
 * while it runs), so a test can prove that nothing outlives the script: descendants of a process
 * that has exited can no longer be found through it.
 */
public final class ScriptRun implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private final Thread sampler;

    private ScriptRun(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.sampler = new Thread(
                () -> {
                    while (process.isAlive()) {
                        process.descendants().forEach(seen::add);
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "script-process-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The repository's root, where the scripts live (the tests run in the service's module, {@code server/}). */
    public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /** Starts {@code command} in the repository's root without the variables that select external servers. */
    public static ScriptRun start(Path log, Consumer<Map<String, String>> environment, String... command)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        environment.accept(pb.environment());
        return new ScriptRun(pb.start(), log);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the output contains {@code text}; fails if the script exits first or time runs out. */
    public String awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (out.contains(text)) {
                return out;
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "script exited with " + process.exitValue() + " before printing \"" + text + "\":\n" + out);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no \"" + text + "\" within " + timeout + ":\n" + output());
    }

    /** Waits for the script to end by itself and answers its exit code. */
    public int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("script still running after " + timeout + ":\n" + output());
        }
        sampler.join();
        return process.exitValue();
    }

    /** Sends SIGTERM, as Ctrl-C's sibling does, and waits for the script to end. */
    public int terminate(Duration timeout) throws Exception {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Processes the script started that are still alive {@code grace} after it ended (should be none). */
    public List<String> survivors(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && seen.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        return seen.stream()
                .filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                .toList();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A port with {@code count - 1} free ports after it, and the same {@code count} free 1000 higher
     * (the benchmark starts instances on consecutive ports, each with its management port + 1000).
     */
    public static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Below Linux's ephemeral range (32768-60999): chosen now, bound minutes later, a port in that
            // range can meanwhile become the local end of some outgoing connection.
            int base = 20_000 + (int) (Math.random() * 11_000);
            boolean free = true;
            for (int i = 0; i < count && free; i++) {
                free = !listening(base + i)
                        && bindable(base + i)
                        && !listening(base + 1000 + i)
                        && bindable(base + 1000 + i);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    public static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        seen.forEach(ProcessHandle::destroyForcibly);
    }
}
