package dev.patrol.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real git server over HTTP: git's own {@code git http-backend} (the CGI program behind most git
 * hosting set-ups) behind the JDK's HTTP server, serving the bare repositories under {@link #root}.
 * The person nginx forwards ({@code X-Patrol-Subject}) is the CGI {@code REMOTE_USER}, which
 * http-backend requires before it accepts a push.
 */
public final class GitHttpBackend implements AutoCloseable {

    public final Path root;
    private final HttpServer server;

    private GitHttpBackend(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    public static GitHttpBackend start() throws IOException {
        Path root = Files.createTempDirectory("patrol-git-");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        GitHttpBackend backend = new GitHttpBackend(root, server);
        server.createContext("/", backend::serve);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return backend;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A new bare repository at {@code path} (e.g. {@code repos/acme/app.git}) with one commit on main. */
    public void createRepository(String path) throws Exception {
        Path bare = root.resolve(path);
        Files.createDirectories(bare.getParent());
        run(root, "git", "init", "-q", "--bare", "-b", "main", bare.toString());
        Path work = Files.createTempDirectory("patrol-git-seed-");
        run(work, "git", "init", "-q", "-b", "main");
        Files.writeString(work.resolve("README"), "seed\n");
        run(work, "git", "add", "README");
        run(work, "git", "-c", "user.name=seed", "-c", "user.email=seed@example.com", "commit", "-q", "-m", "seed");
        run(work, "git", "push", "-q", bare.toString(), "main");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = pb.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
            String query = exchange.getRequestURI().getRawQuery();
            env.put("QUERY_STRING", query == null ? "" : query);
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                env.put("CONTENT_TYPE", type);
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String user = exchange.getRequestHeaders().getFirst("X-Patrol-Subject");
            if (user != null && !user.isBlank()) {
                env.put("REMOTE_USER", user);
            }
            env.put("GIT_HTTP_MAX_REQUEST_BUFFER", "100M");
            Process git = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = git.getOutputStream();
                    InputStream body = exchange.getRequestBody()) {
                body.transferTo(stdin);
            }
            InputStream stdout = git.getInputStream();
            int status = 200;
            for (String line = header(stdout); !line.isEmpty(); line = header(stdout)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                stdout.transferTo(out);
            }
            git.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One CGI header line, without its line ending; empty at the blank line that ends them. */
    private static String header(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
