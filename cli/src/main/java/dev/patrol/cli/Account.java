package dev.patrol.cli;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The person's sign-in session, kept in the store: which Patrol, the provider's endpoints, the
 * access token (refreshed when it is about to end) and the refresh token.
 */
final class Account {

    /** An access token this close to its end is refreshed first, so a request never carries a dying one. */
    static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

    private final Store store;
    private final Oidc oidc;
    private final Clock clock;

    Account(Store store, Oidc oidc, Clock clock) {
        this.store = store;
        this.oidc = oidc;
        this.clock = clock;
    }

    /** Keeps a fresh sign-in, replacing any earlier one. */
    void save(URI server, Oidc.Provider p, Oidc.Tokens t, String user) {
        store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("server", server.toString());
            s.put("user", user);
            s.put("issuer", p.issuer());
            s.put("clientId", p.clientId());
            if (p.clientSecret() != null) {
                s.put("clientSecret", p.clientSecret());
            }
            s.put("tokenEndpoint", p.tokenEndpoint().toString());
            if (p.revocationEndpoint() != null) {
                s.put("revocationEndpoint", p.revocationEndpoint().toString());
            }
            put(s, t);
            secrets.put("session", s);
            store.secrets(secrets);
            return null;
        });
    }

    /** The Patrol the person signed in to. */
    URI server() {
        return URI.create(session().get("server").toString());
    }

    /** Whether someone is signed in (the session may still have ended at the provider). */
    boolean signedIn() {
        return store.secrets().get("session") instanceof Map;
    }

    /** {@code Authorization} for Patrol's API: the access token, refreshed first when it is about to end. */
    String authorization() {
        return store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            Map<String, Object> s = session(secrets);
            Instant expires = Instant.parse(s.get("accessExpiresAt").toString());
            if (clock.instant().plus(REFRESH_AHEAD).isBefore(expires)) {
                return Http.bearer(s.get("accessToken").toString());
            }
            Object refresh = s.get("refreshToken");
            Oidc.Tokens t = refresh == null ? null : oidc.refresh(provider(s), refresh.toString());
            if (t == null) {
                throw new CliException(
                        CliException.NOT_SIGNED_IN,
                        "Your Patrol session has ended: run patrol login " + s.get("server"));
            }
            put(s, t);
            store.secrets(secrets);
            return Http.bearer(t.accessToken());
        });
    }

    /** Forgets the session, telling the provider to revoke the refresh token where it can. */
    void forget() {
        store.locked(() -> {
            Map<String, Object> secrets = store.secrets();
            if (secrets.get("session") instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) m;
                try {
                    Object refresh = s.get("refreshToken");
                    oidc.revoke(provider(s), refresh == null ? null : refresh.toString());
                } catch (CliException e) {
                    // The provider is away: the refresh token is forgotten here all the same.
                }
            }
            secrets.remove("session");
            store.secrets(secrets);
            return null;
        });
    }

    private Map<String, Object> session() {
        return session(store.secrets());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> session(Map<String, Object> secrets) {
        if (!(secrets.get("session") instanceof Map<?, ?> s)) {
            throw new CliException(CliException.NOT_SIGNED_IN, "Not signed in: run patrol login SERVER");
        }
        return (Map<String, Object>) s;
    }

    private static Oidc.Provider provider(Map<String, Object> s) {
        Object revocation = s.get("revocationEndpoint");
        return new Oidc.Provider(
                s.get("issuer").toString(),
                s.get("clientId").toString(),
                (String) s.get("clientSecret"),
                null,
                null,
                URI.create(s.get("tokenEndpoint").toString()),
                null,
                revocation == null ? null : URI.create(revocation.toString()));
    }

    private static void put(Map<String, Object> s, Oidc.Tokens t) {
        s.put("accessToken", t.accessToken());
        s.put("accessExpiresAt", t.accessExpiresAt().toString());
        if (t.refreshToken() != null) {
            s.put("refreshToken", t.refreshToken());
        }
    }
}
