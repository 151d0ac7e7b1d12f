package dev.patrol.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code patrol git-credential get|store|erase}: git's credential helper protocol (gitcredentials(7),
 * git-credential(1)) over stdin and stdout. A host set up with {@code patrol git setup} gets a PAT
 * minted on first use through the signed-in session, kept in the store and answered from there
 * without a network call; rotated with the PAT itself ({@code /api/v1/tokens/self/rotate}) once
 * less than a share of its life is left; forgotten on {@code erase} only if it is the secret git was
 * refused with. Never prompts: git cannot answer.
 */
final class GitCredential {

    /** Least privilege for git: read and write code, and rotate itself. */
    static final List<String> DEFAULT_SCOPES = List.of("code:read", "code:write", "tokens:rotate-self");

    /** The share of a PAT's life left below which {@code get} rotates it. */
    static final double DEFAULT_ROTATE_AT = 1.0 / 3;

    /** The username git sends with the PAT; Patrol reads only the password. */
    static final String USERNAME = "patrol";

    private final Store store;
    private final Account account;
    private final Http http;
    private final Clock clock;
    private final PrintStream err;

    GitCredential(Store store, Account account, Http http, Clock clock, PrintStream err) {
        this.store = store;
        this.account = account;
        this.http = http;
        this.clock = clock;
        this.err = err;
    }

    /** Reads git's {@code key=value} lines up to a blank line or the end of input. */
    static Map<String, String> read(BufferedReader in) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** The configuration key of a host as git names it ({@code protocol://host[:port]}). */
    static String hostKey(String protocol, String host) {
        return protocol + "://" + host;
    }

    void get(Map<String, String> request, PrintStream out) {
        Target target = target(request);
        if (target == null) {
            return;
        }
        Map<String, Object> answer = store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            Map<String, Object> all = Store.child(secrets, "git");
            @SuppressWarnings("unchecked")
            Map<String, Object> held = (Map<String, Object>) all.get(target.key());
            Instant now = clock.instant();
            if (held != null && now.isBefore(Instant.parse(held.get("expiresAt").toString()))) {
                Map<String, Object> kept = rotateIfOld(target, held, now);
                if (kept != null) {
                    if (kept != held) {
                        all.put(target.key(), kept);
                        store.secrets(secrets);
                    }
                    return kept;
                }
            }
            Map<String, Object> minted = mint(target, now);
            if (minted == null) {
                if (held != null) {
                    all.remove(target.key());
                    store.secrets(secrets);
                }
                return null;
            }
            all.put(target.key(), minted);
            store.secrets(secrets);
            return minted;
        });
        if (answer != null) {
            out.print("username=" + USERNAME + "\n");
            out.print("password=" + answer.get("secret") + "\n");
            out.print("password_expiry_utc="
                    + Instant.parse(answer.get("expiresAt").toString()).getEpochSecond() + "\n");
            out.flush();
        }
    }

    /** git stores what worked: the helper already holds it. */
    void store(Map<String, String> request) {}

    /**
     * Forgets the held PAT only if it is the secret git was refused with (a stale {@code erase}
     * must not delete a fresh secret), and revokes it (RFC 7009) so that no forgotten secret stays alive.
     */
    void erase(Map<String, String> request) {
        Target target = target(request);
        String refused = request.get("password");
        if (target == null || refused == null) {
            return;
        }
        Object server = store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            Map<String, Object> all = Store.child(secrets, "git");
            @SuppressWarnings("unchecked")
            Map<String, Object> held = (Map<String, Object>) all.get(target.key());
            if (held == null || !refused.equals(held.get("secret"))) {
                return null;
            }
            all.remove(target.key());
            store.secrets(secrets);
            return held.get("server");
        });
        if (server != null) {
            revoke(server, refused);
        }
    }

    /** {@code patrol logout}: revokes every PAT held for git and forgets them. */
    void forgetAll() {
        Map<String, Object> held = store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            Map<String, Object> all = Store.child(secrets, "git");
            secrets.remove("git");
            store.secrets(secrets);
            return all;
        });
        for (Object c : held.values()) {
            if (c instanceof Map<?, ?> m) {
                revoke(m.get("server"), String.valueOf(m.get("secret")));
            }
        }
    }

    /** RFC 7009 at Patrol: the holder revokes, no client authentication; an unreachable Patrol is told on stderr. */
    private void revoke(Object server, String secret) {
        try {
            http.postForm(URI.create(server + "/oauth2/revoke"), Http.form("token", secret));
        } catch (CliException e) {
            err.println("patrol: could not revoke a git token (" + e.getMessage() + "); it expires by itself");
        }
    }

    private record Target(String key, Map<String, Object> host, String organization) {}

    @SuppressWarnings("unchecked")
    private Target target(Map<String, String> request) {
        String protocol = request.get("protocol");
        String host = request.get("host");
        if (protocol == null || host == null) {
            return null;
        }
        String key = hostKey(protocol, host);
        Object configured = Store.child(store.config(), "gitHosts").get(key);
        if (!(configured instanceof Map<?, ?> h)) {
            return null; // not a host Patrol serves: another helper (or git's prompt) answers
        }
        Map<String, Object> hostConfig = (Map<String, Object>) h;
        if (!Boolean.TRUE.equals(hostConfig.get("organizationFromPath"))) {
            return new Target(key, hostConfig, null);
        }
        String path = request.get("path");
        String organization = path == null ? null : path.replaceFirst("^/+", "").split("/", 2)[0];
        if (organization == null || organization.isBlank()) {
            err.println("patrol: " + key + " takes the organization from the path, but git sent none "
                    + "(git config credential." + key + ".useHttpPath true)");
            return null;
        }
        return new Target(key + "/" + organization, hostConfig, organization);
    }

    /** The held PAT, rotated first when its life is nearly spent; null if Patrol no longer accepts it. */
    private Map<String, Object> rotateIfOld(Target target, Map<String, Object> held, Instant now) {
        Instant created = Instant.parse(held.get("createdAt").toString());
        Instant expires = Instant.parse(held.get("expiresAt").toString());
        double rotateAt = target.host().get("rotateAt") instanceof Number n ? n.doubleValue() : DEFAULT_ROTATE_AT;
        Duration life = Duration.between(created, expires);
        Duration left = Duration.between(now, expires);
        if (left.toMillis() >= rotateAt * life.toMillis()) {
            return held;
        }
        Http.Reply r;
        try {
            r = http.postJson(
                    URI.create(held.get("server") + "/api/v1/tokens/self/rotate"),
                    Http.basic(USERNAME, held.get("secret").toString()),
                    Map.of());
        } catch (CliException e) {
            return held; // Patrol is away: the PAT still works until it expires; rotate next time
        }
        if (r.status() == 401) {
            return null;
        }
        if (!r.ok()) {
            err.println(
                    "patrol: could not rotate the git token: " + Http.refusal(r).getMessage());
            return held;
        }
        return held(held.get("server").toString(), r.json(), now);
    }

    /** A new PAT through the signed-in session; null (and a sentence on stderr) when nobody is signed in. */
    private Map<String, Object> mint(Target target, Instant now) {
        String server = target.host().get("server").toString();
        String authorization;
        try {
            authorization = account.authorization();
        } catch (CliException e) {
            err.println("patrol: " + e.getMessage());
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "git on " + machine() + " (" + target.key().replaceFirst("^[a-z]+://", "") + ")");
        Object scopes = target.host().get("scopes");
        body.put("scopes", scopes instanceof List<?> l && !l.isEmpty() ? l : DEFAULT_SCOPES);
        if (target.organization() != null) {
            body.put("organizations", List.of(target.organization()));
        } else if (target.host().get("organizations") instanceof List<?> orgs && !orgs.isEmpty()) {
            body.put("organizations", new ArrayList<>(orgs));
        } else {
            body.put("allOrganizations", true);
        }
        if (target.host().get("lifetimeDays") instanceof Number days) {
            body.put("lifetimeDays", days.intValue());
        }
        Http.Reply r;
        try {
            r = http.postJson(URI.create(server + "/api/v1/tokens"), authorization, body);
        } catch (CliException e) {
            err.println("patrol: " + e.getMessage());
            return null;
        }
        if (!r.ok()) {
            err.println("patrol: could not create a token for git: "
                    + Http.refusal(r).getMessage());
            return null;
        }
        return held(server, r.json(), now);
    }

    private static Map<String, Object> held(String server, Map<String, Object> view, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server);
        m.put("id", view.get("id"));
        m.put("secret", view.get("token"));
        m.put("createdAt", now.toString());
        m.put("expiresAt", view.get("expiresAt"));
        return m;
    }

    /** The machine's name, for the token's name (no DNS lookup: git waits for this). */
    static String machine() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "this machine";
        }
    }
}
