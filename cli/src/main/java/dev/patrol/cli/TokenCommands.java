package dev.patrol.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code patrol token ...}: the people's API ({@code /api/v1/tokens}) at the keyboard. */
@Command(
        name = "token",
        description = "Create, list, show, rename, regenerate and revoke your tokens.",
        subcommands = {
            TokenCommands.Create.class,
            TokenCommands.ListTokens.class,
            TokenCommands.Show.class,
            TokenCommands.Edit.class,
            TokenCommands.Regenerate.class,
            TokenCommands.Revoke.class,
            TokenCommands.Scopes.class
        })
final class TokenCommands {

    /** {@code -o json} for scripts; a human table by default. */
    static class Output {
        @Option(
                names = {"-o", "--output"},
                description = "table (default) or json")
        String format = "table";

        boolean json() {
            if (!format.equals("json") && !format.equals("table")) {
                throw new CliException(CliException.REFUSED, "-o takes table or json, not " + format);
            }
            return format.equals("json");
        }
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Output output = new Output();

        Patrol p() {
            return Patrol.root(spec);
        }

        URI api(String path) {
            return uri("/api/v1/tokens" + path);
        }

        URI uri(String path) {
            return URI.create(p().account.server() + path);
        }

        /** Every page of a listing that answers {@code {items, nextCursor}}. */
        List<Object> all(String path) {
            List<Object> items = new ArrayList<>();
            String cursor = null;
            do {
                String q = path + (path.contains("?") ? "&" : "?") + "limit=100"
                        + (cursor == null ? "" : "&cursor=" + Http.encode(cursor));
                Map<String, Object> page =
                        answer(p().http.get(uri(q), p().account.authorization()));
                items.addAll((List<?>) page.getOrDefault("items", List.of()));
                cursor = (String) page.get("nextCursor");
            } while (cursor != null);
            return items;
        }

        /** Tokens as a table (or JSON); {@code owner} adds the owner's column. */
        void table(List<Object> items, boolean owner) {
            PrintStream out = p().out;
            if (output.json()) {
                out.println(json(items));
                return;
            }
            out.printf("%-36s  %-8s  %-20s  %s%s%n", "ID", "STATE", "EXPIRES", owner ? "OWNER  " : "", "NAME");
            for (Object o : items) {
                Map<?, ?> t = (Map<?, ?>) o;
                String expires = String.valueOf(t.get("expiresAt"));
                out.printf(
                        "%-36s  %-8s  %-20s  %s%s%n",
                        t.get("id"),
                        t.get("state"),
                        expires.length() > 19 ? expires.substring(0, 19) + "Z" : expires,
                        owner ? t.get("owner") + "  " : "",
                        t.get("name"));
            }
        }

        static Map<String, Object> answer(Http.Reply r) {
            if (!r.ok()) {
                throw Http.refusal(r);
            }
            return r.json();
        }

        void print(Map<String, Object> view) {
            PrintStream out = p().out;
            if (output.json()) {
                out.println(json(view));
                return;
            }
            for (String k : List.of(
                    "id",
                    "name",
                    "state",
                    "scopes",
                    "organizations",
                    "allowedNetworks",
                    "cutFrom",
                    "pendingIn",
                    "justification",
                    "expiresAt",
                    "displayHint",
                    "lastUsedAt")) {
                Object v = k.equals("organizations") && Boolean.TRUE.equals(view.get("allOrganizations"))
                        ? "all of the owner's"
                        : view.get(k);
                if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                    out.printf(
                            "%-17s %s%n",
                            k + ":",
                            v instanceof List<?> l
                                    ? String.join(
                                            ", ",
                                            l.stream().map(String::valueOf).toList())
                                    : v);
                }
            }
        }

        /**
         * A new secret, shown once: alone on stdout when stdout is not a terminal (so {@code > file}
         * and {@code $(...)} take just the secret, the rest going to stderr), with the token's details
         * on a terminal; inside the JSON with {@code -o json}.
         */
        void printWithSecret(Map<String, Object> view) {
            Patrol p = p();
            Object secret = view.get("token");
            if (output.json()) {
                p.out.println(json(view));
            } else if (!terminal()) {
                p.out.println(secret);
                p.err.println("Token " + view.get("id") + " (" + view.get("name") + "), expires "
                        + view.get("expiresAt") + ": its secret is on stdout, and will not be shown again.");
            } else {
                Map<String, Object> details = new LinkedHashMap<>(view);
                details.remove("token");
                print(details);
                p.out.println();
                p.out.println("Secret (shown once, copy it now): " + secret);
            }
        }

        static String json(Object o) {
            try {
                return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(o);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether stdout is a terminal (JDK 22+ has a console even when redirected: ask it). */
        static boolean terminal() {
            java.io.Console c = System.console();
            if (c == null) {
                return false;
            }
            try {
                return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
            } catch (ReflectiveOperationException e) {
                return true; // JDK 17-21: a console exists only for a terminal
            }
        }
    }

    @Command(name = "create", description = "Create a token; its secret is shown once.")
    static final class Create extends Base {
        @Option(names = "--name", required = true, description = "what the token is for")
        String name;

        @Option(names = "--scope", required = true, description = "a scope (repeat): patrol token scopes lists them")
        List<String> scopes;

        @Option(names = "--org", description = "an organization it may act in (repeat)")
        List<String> organizations = new ArrayList<>();

        @Option(names = "--all-orgs", description = "act in every organization you belong to, now and later")
        boolean allOrganizations;

        @Option(names = "--days", description = "lifetime in days (default: the policy's)")
        Integer days;

        @Option(
                names = "--network",
                description = "a network it may be used from, e.g. 10.0.0.0/8 (repeat; default: any address)")
        List<String> networks = new ArrayList<>();

        @Option(
                names = "--justification",
                description = "why it needs what it asks, for organizations whose administrators approve tokens")
        String justification;

        @Override
        public Integer call() {
            if (allOrganizations == !organizations.isEmpty()) {
                throw new CliException(CliException.REFUSED, "Give --org (one or more) or --all-orgs.");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("scopes", scopes);
            if (allOrganizations) {
                body.put("allOrganizations", true);
            } else {
                body.put("organizations", organizations);
            }
            if (days != null) {
                body.put("lifetimeDays", days);
            }
            if (!networks.isEmpty()) {
                body.put("allowedNetworks", networks);
            }
            if (justification != null) {
                body.put("justification", justification);
            }
            printWithSecret(answer(p().http.postJson(api(""), p().account.authorization(), body)));
            return 0;
        }
    }

    @Command(name = "list", description = "List your tokens.")
    static final class ListTokens extends Base {
        @Option(names = "--state", description = "active | expired | revoked | all (default all)")
        String state = "all";

        @Override
        public Integer call() {
            table(all("/api/v1/tokens?state=" + Http.encode(state)), false);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one of your tokens.")
    static final class Show extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Map<String, Object> view = new LinkedHashMap<>(
                    answer(p().http.get(api("/" + Http.encode(id)), p().account.authorization())));
            Http.Reply refused = p().http
                    .get(api("/" + Http.encode(id) + "/refusals"), p().account.authorization());
            if (!refused.ok()) {
                throw Http.refusal(refused);
            }
            List<Object> refusals = refused.list();
            if (output.json()) {
                view.put("refusedUses", refusals);
            }
            print(view);
            if (!output.json()) {
                for (Object o : refusals) {
                    Map<?, ?> r = (Map<?, ?>) o;
                    p().out
                            .printf(
                                    "%-17s %s from %s%s%n",
                                    "refused:",
                                    r.get("refusedAt"),
                                    r.get("clientIp") == null ? "an unknown address" : r.get("clientIp"),
                                    r.get("userAgent") == null ? "" : " (" + r.get("userAgent") + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "edit", description = "Rename a token, or change the networks it may be used from.")
    static final class Edit extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--name", description = "its new name")
        String name;

        @Option(names = "--network", description = "a network it may be used from from now on (repeat)")
        List<String> networks = new ArrayList<>();

        @Option(names = "--any-network", description = "let it be used from any address again")
        boolean anyNetwork;

        @Option(names = "--justification", description = "why it needs what it asks, for approvers (\"\": none)")
        String justification;

        @Override
        public Integer call() {
            if (anyNetwork && !networks.isEmpty()) {
                throw new CliException(
                        CliException.REFUSED, "Give --network (one or more) or --any-network, not both.");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (name != null) {
                body.put("name", name);
            }
            if (anyNetwork || !networks.isEmpty()) {
                body.put("allowedNetworks", networks);
            }
            if (justification != null) {
                body.put("justification", justification);
            }
            if (body.isEmpty()) {
                throw new CliException(
                        CliException.REFUSED, "Give --name, --network, --any-network or --justification.");
            }
            print(answer(
                    p().http.patchJson(api("/" + Http.encode(id)), p().account.authorization(), body)));
            return 0;
        }
    }

    @Command(name = "regenerate", description = "Give a token a new secret (the old one stops working); shown once.")
    static final class Regenerate extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--days", description = "new lifetime in days (default: the policy's)")
        Integer days;

        @Override
        public Integer call() {
            Map<String, Object> body = days == null ? Map.of() : Map.of("lifetimeDays", days);
            printWithSecret(answer(p().http
                    .postJson(
                            api("/" + Http.encode(id) + "/regenerate"),
                            p().account.authorization(),
                            body)));
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: it stops working everywhere.")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Http.Reply r =
                    p().http.delete(api("/" + Http.encode(id)), p().account.authorization());
            if (!r.ok()) {
                throw Http.refusal(r);
            }
            p().err.println("Revoked " + id + ".");
            return 0;
        }
    }

    @Command(name = "scopes", description = "The scopes a token can have.")
    static final class Scopes extends Base {
        @Override
        public Integer call() {
            Http.Reply r = p().http.get(URI.create(p().account.server() + "/api/v1/scopes"), null);
            if (!r.ok()) {
                throw Http.refusal(r);
            }
            List<Object> scopes = r.list();
            if (output.json()) {
                p().out.println(json(scopes));
                return 0;
            }
            for (Object o : scopes) {
                Map<?, ?> s = (Map<?, ?>) o;
                p().out.printf("%-22s %s%n", s.get("name"), s.get("description") == null ? "" : s.get("description"));
            }
            return 0;
        }
    }
}
