package dev.patrol.cli;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patrol git setup HOST}: remembers which Patrol mints the tokens for a git host, with which
 * scopes and organizations, and writes git's global configuration so that git asks this helper (and
 * only it) for that host.
 */
@Command(name = "setup", description = "Make git ask Patrol for the credentials of HOST.")
final class GitSetup implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "HOST",
            description = "the git host: git.example.com, or a URL such as http://localhost:8081")
    String host;

    @Option(names = "--server", description = "the Patrol that mints the tokens (default: the one signed in to)")
    String server;

    @Option(
            names = "--scope",
            description = "a scope of the tokens (repeat; default code:read, code:write, tokens:rotate-self)")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--org", description = "an organization the tokens act in (repeat; default: all of yours)")
    List<String> organizations = new ArrayList<>();

    @Option(
            names = "--org-from-path",
            description = "one token per organization, named by the first segment of the repository path")
    boolean organizationFromPath;

    @Option(names = "--days", description = "lifetime of each token in days (default: Patrol's policy)")
    Integer lifetimeDays;

    @Option(
            names = "--rotate-at",
            description = "rotate a token once less than this share of its life is left (default 0.33)")
    Double rotateAt;

    @Override
    public Integer call() {
        Patrol p = Patrol.root(spec);
        if (organizationFromPath && !organizations.isEmpty()) {
            throw new CliException(CliException.REFUSED, "Give --org or --org-from-path, not both.");
        }
        if (rotateAt != null && (rotateAt < 0 || rotateAt > 1)) {
            throw new CliException(CliException.REFUSED, "--rotate-at is a share of the life, between 0 and 1.");
        }
        if (lifetimeDays != null && lifetimeDays < 1) {
            throw new CliException(CliException.REFUSED, "--days must be at least 1.");
        }
        URI url = URI.create(host.contains("://") ? host : "https://" + host);
        if (url.getHost() == null) {
            throw new CliException(CliException.REFUSED, "Not a git host: " + host);
        }
        String key = GitCredential.hostKey(url.getScheme(), url.getAuthority());
        String patrolServer = server != null
                ? Patrol.serverUri(server).toString()
                : p.account.server().toString();

        Map<String, Object> h = new LinkedHashMap<>();
        h.put("server", patrolServer);
        if (!scopes.isEmpty()) {
            h.put("scopes", scopes);
        }
        if (!organizations.isEmpty()) {
            h.put("organizations", organizations);
        }
        h.put("organizationFromPath", organizationFromPath);
        if (lifetimeDays != null) {
            h.put("lifetimeDays", lifetimeDays);
        }
        if (rotateAt != null) {
            h.put("rotateAt", rotateAt);
        }
        p.store.locked(() -> {
            Map<String, Object> config = p.store.config();
            Store.child(config, "gitHosts").put(key, h);
            p.store.config(config);
            return null;
        });

        String launcher = System.getProperty("patrol.launcher", "patrol");
        String section = "credential." + key;
        git(true, "config", "--global", "--unset-all", section + ".helper");
        // An empty helper first: the helpers configured for every host are not asked for this one.
        git(false, "config", "--global", "--add", section + ".helper", "");
        git(
                false,
                "config",
                "--global",
                "--add",
                section + ".helper",
                "!'" + launcher.replace("'", "'\\''") + "' git-credential");
        if (organizationFromPath) {
            git(false, "config", "--global", section + ".useHttpPath", "true");
        } else {
            git(true, "config", "--global", "--unset", section + ".useHttpPath");
        }
        p.out.println(
                "git now asks Patrol (" + patrolServer + ") for " + key + ": the first clone or push creates a token.");
        return 0;
    }

    private static void git(boolean mayFail, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int exit = git.waitFor();
            if (exit != 0 && !mayFail) {
                throw new CliException(
                        CliException.REFUSED, "git " + String.join(" ", args) + " failed (exit " + exit + ").");
            }
        } catch (IOException e) {
            throw new CliException(CliException.REFUSED, "git is not installed (or not on PATH).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.REFUSED, "Interrupted.");
        }
    }
}
