package dev.patrol.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code patrol admin ...}: the administrators' API ({@code /api/v1/admin}); Patrol checks the role. */
@Command(
        name = "admin",
        description = "Administrators: anyone's tokens, revocations, offboarding, policies.",
        subcommands = {
            AdminCommands.Tokens.class,
            AdminCommands.Revoke.class,
            AdminCommands.RevokeAll.class,
            AdminCommands.Policy.class
        })
final class AdminCommands {

    @Command(name = "tokens", description = "List anyone's tokens.")
    static final class Tokens extends TokenCommands.Base {
        @Option(names = "--owner", description = "the owner's subject")
        String owner;

        @Option(names = "--org", description = "tokens that can act in this organization")
        String organization;

        @Option(names = "--scope", description = "tokens granted this scope")
        String scope;

        @Option(names = "--state", description = "active | expired | revoked | all (default all)")
        String state = "all";

        @Override
        public Integer call() {
            StringBuilder q = new StringBuilder("/api/v1/admin/tokens?state=").append(Http.encode(state));
            if (owner != null) {
                q.append("&owner=").append(Http.encode(owner));
            }
            if (organization != null) {
                q.append("&organization=").append(Http.encode(organization));
            }
            if (scope != null) {
                q.append("&scope=").append(Http.encode(scope));
            }
            table(all(q.toString()), true);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke anyone's token; the owner sees who and why.")
    static final class Revoke extends TokenCommands.Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", required = true, description = "why (shown to the owner)")
        String reason;

        @Override
        public Integer call() {
            Http.Reply r = p().http
                    .delete(
                            uri("/api/v1/admin/tokens/" + Http.encode(id) + "?reason=" + Http.encode(reason)),
                            p().account.authorization());
            if (!r.ok()) {
                throw Http.refusal(r);
            }
            p().err.println("Revoked " + id + ".");
            return 0;
        }
    }

    @Command(name = "revoke-all", description = "Revoke every token of a person (offboarding).")
    static final class RevokeAll extends TokenCommands.Base {
        @Parameters(paramLabel = "SUBJECT", description = "the person's subject")
        String subject;

        @Option(names = "--reason", required = true, description = "why (shown to the owner)")
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> answer = answer(p().http
                    .postJson(
                            uri("/api/v1/admin/users/" + Http.encode(subject) + "/revoke-all"),
                            p().account.authorization(),
                            Map.of("reason", reason)));
            if (output.json()) {
                p().out.println(json(answer));
            } else {
                p().out.println("Revoked " + answer.get("revoked") + " token(s) of " + subject + ".");
            }
            return 0;
        }
    }

    @Command(name = "policy", description = "Show the global policy or an organization's; --set replaces it.")
    static final class Policy extends TokenCommands.Base {
        @Option(names = "--org", description = "an organization's policy (default: the global one)")
        String organization;

        @Option(names = "--set", paramLabel = "FILE", description = "replace it with this JSON document (- for stdin)")
        String file;

        @Override
        public Integer call() throws IOException {
            String path = organization == null
                    ? "/api/v1/admin/policies"
                    : "/api/v1/admin/organizations/" + Http.encode(organization) + "/policy";
            Map<String, Object> shown;
            if (file == null) {
                shown = answer(p().http.get(uri(path), p().account.authorization()));
            } else {
                String document = file.equals("-")
                        ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file));
                Map<String, Object> body;
                try {
                    body = JSON.std.mapFrom(document);
                } catch (IOException e) {
                    throw new CliException(CliException.REFUSED, file + " is not a JSON object.");
                }
                shown = answer(p().http.putJson(uri(path), p().account.authorization(), body));
            }
            p().out.println(json(shown)); // a policy is a document: shown as one
            return 0;
        }
    }
}
