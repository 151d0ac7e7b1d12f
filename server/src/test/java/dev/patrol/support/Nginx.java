package dev.patrol.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real nginx (Debian package; .ci/run installs it) running the {@code auth_request} block of
 * docs/gateway.md as printed there, in front of an upstream on this machine, with Patrol's
 * {@code /auth/check} deciding every request.
 */
public final class Nginx implements AutoCloseable {

    public final int port;
    public final Path dir;
    private final Process process;

    private Nginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** nginx on a free port; {@code patrol} replaces the documented {@code http://patrol:8080}. */
    public static Nginx start(String patrol, int upstreamPort) throws Exception {
        return start(patrol, documentedBlock("docs/gateway.md"), "git-backend", upstreamPort);
    }

    /**
     * nginx on a free port running {@code locations} (an nginx block of the docs) with {@code patrol}
     * replacing {@code http://patrol:8080} and the upstream {@code upstream} on this machine's {@code upstreamPort}.
     */
    public static Nginx start(String patrol, String locations, String upstream, int upstreamPort) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/nginx")),
                "nginx is not installed (Debian package nginx; .ci/run installs it when run as root)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("patrol-nginx-");
        locations = locations.replace("http://patrol:8080", patrol);
        String conf = "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("error.log") + ";\nevents {}\nhttp {\n  access_log off;\n"
                + "  client_max_body_size 0;\n"
                + "  client_body_temp_path " + dir + "/body;\n  proxy_temp_path " + dir + "/proxy;\n"
                + "  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir + "/uwsgi;\n"
                + "  scgi_temp_path " + dir + "/scgi;\n"
                + "  upstream " + upstream + " { server 127.0.0.1:" + upstreamPort + "; }\n"
                + "  server {\n    listen 127.0.0.1:" + port + ";\n" + locations + "\n  }\n}\n";
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Process process = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx nginx = new Nginx(port, dir, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> nginx.read("stdout.log") + nginx.read("error.log"));
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen: " + nginx.read("error.log"));
    }

    /** The (first) nginx block of {@code page}, verbatim. */
    public static String documentedBlock(String page) throws IOException {
        String doc = Files.readString(ScriptRun.REPOSITORY.resolve(page));
        Matcher m = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), page + " has an nginx block");
        return m.group(1);
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
