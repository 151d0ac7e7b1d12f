package dev.patrol.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code patrol}: sign in once, manage tokens, and let git ask for them (docs/cli.md). */
@Command(
        name = "patrol",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // --help on every subcommand
        version = "patrol 0.1.0",
        description = "Personal access tokens from Patrol, at the keyboard.",
        subcommands = {
            Patrol.Login.class,
            Patrol.Logout.class,
            Patrol.Status.class,
            TokenCommands.class,
            AdminCommands.class,
            Patrol.GitCredentialCommand.class,
            Patrol.Git.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:refused (the problem is printed)",
            "2:wrong usage",
            "3:not signed in, or the session ended (patrol login)",
            "4:not found",
            "69:Patrol or the OIDC provider unavailable"
        })
public final class Patrol implements Runnable {

    final Store store;
    final Http http;
    final Clock clock;
    final PrintStream out;
    final PrintStream err;
    final Oidc oidc;
    final Account account;

    Patrol(Store store, Clock clock, PrintStream out, PrintStream err) {
        this.store = store;
        this.http = new Http();
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.oidc = new Oidc(http, clock, err);
        this.account = new Account(store, oidc, clock);
    }

    public static void main(String[] args) {
        Store store;
        try {
            store = Store.fromEnvironment();
        } catch (CliException e) {
            System.err.println("patrol: " + e.getMessage());
            System.exit(e.exitCode);
            return;
        }
        int exit;
        try {
            if (args.length == 2 && args[0].equals("git-credential")) {
                // git runs this on every fetch and push: skip building picocli's model of every command
                // (reflection over all of them, most of the helper's start-up time; BENCHMARKS.md).
                exit = gitCredential(new Patrol(store, Clock.systemUTC(), System.out, System.err), args[1]);
            } else {
                exit = run(store, System.out, System.err, args);
            }
        } finally {
            store.close();
        }
        System.exit(exit);
    }

    static int gitCredential(Patrol p, String action) {
        try {
            Map<String, String> request =
                    GitCredential.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            GitCredential helper = new GitCredential(p.store, p.account, p.http, p.clock, p.err);
            switch (action) {
                case "get" -> helper.get(request, p.out);
                case "store" -> helper.store(request);
                case "erase" -> helper.erase(request);
                default -> {} // git's rule: a helper ignores actions it does not know
            }
            return 0;
        } catch (CliException e) {
            p.err.println("patrol: " + e.getMessage());
            return e.exitCode;
        } catch (java.io.IOException | RuntimeException e) {
            p.err.println("patrol: unexpected failure (" + e.getClass().getSimpleName() + ")");
            return 70;
        }
    }

    static int run(Store store, PrintStream out, PrintStream err, String... args) {
        Patrol patrol = new Patrol(store, Clock.systemUTC(), out, err);
        CommandLine cli = new CommandLine(patrol);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException c) {
                err.println("patrol: " + c.getMessage());
                return c.exitCode;
            }
            // Never a stack trace: the message may not name a secret, the class name says nothing to a person.
            err.println("patrol: unexpected failure (" + e.getClass().getSimpleName() + ")");
            return 70;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** The root command, for the subcommands' state. */
    static Patrol root(CommandLine.Model.CommandSpec spec) {
        CommandLine.Model.CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (Patrol) s.userObject();
    }

    static URI serverUri(String server) {
        String s = server.contains("://") ? server : "https://" + server;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI u = URI.create(s);
            if (u.getHost() == null
                    || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.REFUSED, "Not a server address: " + server);
        }
    }

    @Command(name = "login", description = "Sign in with your OIDC provider (browser, or --device for a code).")
    static final class Login implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Patrol's address (default: the last one)")
        String server;

        @Option(
                names = "--device",
                description = "Sign in with a code on another device (RFC 8628): SSH sessions, containers")
        boolean device;

        @Override
        public Integer call() {
            Patrol p = root(spec);
            URI uri;
            if (server != null) {
                uri = serverUri(server);
            } else if (p.account.signedIn()) {
                uri = p.account.server();
            } else {
                throw new CliException(CliException.REFUSED, "Which Patrol? patrol login https://patrol.example.com");
            }
            Oidc.Provider provider = p.oidc.discover(uri);
            boolean useDevice =
                    device || (provider.authorizationEndpoint() == null && provider.deviceEndpoint() != null);
            Oidc.Tokens tokens = useDevice
                    ? p.oidc.deviceSignIn(provider, Oidc.Sleeper.REAL)
                    : p.oidc.browserSignIn(provider, Browsers::open);
            Http.Reply profile = p.http.get(uri.resolve("/api/v1/profile"), Http.bearer(tokens.accessToken()));
            if (!profile.ok()) {
                throw Http.refusal(profile);
            }
            String user = String.valueOf(profile.json().get("username"));
            p.account.save(uri, provider, tokens, user);
            p.err.println("Signed in to " + uri + " as " + user + ".");
            p.err.println("Your session is kept in " + p.store.secretsPlace() + ".");
            return 0;
        }
    }

    @Command(name = "logout", description = "Forget the session and every token minted for git (revoking them).")
    static final class Logout implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Patrol p = root(spec);
            new GitCredential(p.store, p.account, p.http, p.clock, p.err).forgetAll();
            p.account.forget();
            p.err.println("Signed out; nothing is stored any more.");
            return 0;
        }
    }

    @Command(name = "status", description = "Who is signed in, to which Patrol.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Patrol p = root(spec);
            if (!p.account.signedIn()) {
                throw new CliException(CliException.NOT_SIGNED_IN, "Not signed in: run patrol login SERVER");
            }
            URI server = p.account.server();
            Http.Reply profile = p.http.get(server.resolve("/api/v1/profile"), p.account.authorization());
            if (!profile.ok()) {
                throw Http.refusal(profile);
            }
            p.out.println("Signed in to " + server + " as " + profile.json().get("username") + ".");
            p.out.println("Secrets are kept in " + p.store.secretsPlace() + ".");
            return 0;
        }
    }

    @Command(
            name = "git-credential",
            description = "The credential helper git runs (patrol git setup configures it): get, store or erase.")
    static final class GitCredentialCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ACTION", description = "get | store | erase")
        String action;

        @Override
        public Integer call() {
            return gitCredential(root(spec), action);
        }
    }

    @Command(name = "git", description = "Set git up to ask Patrol for its credentials.", subcommands = GitSetup.class)
    static final class Git {}

    /** Opens the person's browser: $PATROL_BROWSER or $BROWSER (a command, or "none"), else the desktop's opener. */
    static final class Browsers {
        static void open(URI uri) {
            String chosen = System.getenv("PATROL_BROWSER");
            if (chosen == null || chosen.isBlank()) {
                chosen = System.getenv("BROWSER");
            }
            List<String> command;
            if (chosen != null && !chosen.isBlank()) {
                if (chosen.equals("none")) {
                    return;
                }
                command = List.of(chosen, uri.toString());
            } else {
                String os = System.getProperty("os.name", "").toLowerCase();
                command = os.contains("mac")
                        ? List.of("open", uri.toString())
                        : os.contains("win")
                                ? List.of("rundll32", "url.dll,FileProtocolHandler", uri.toString())
                                : List.of("xdg-open", uri.toString());
            }
            try {
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (java.io.IOException e) {
                // No browser here: the address is printed above.
            }
        }
    }
}
