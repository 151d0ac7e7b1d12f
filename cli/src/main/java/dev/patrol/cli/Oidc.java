package dev.patrol.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpServer;

/**
 * Signing in with the OIDC provider Patrol names ({@code /.well-known/patrol-cli}): the
 * authorization code flow with PKCE and a loopback redirect (RFC 8252), or the device authorization
 * grant (RFC 8628) for a terminal without a browser; and refreshing the access token afterwards.
 */
final class Oidc {

    /** How long a person has to finish signing in. */
    static final Duration SIGN_IN_TIMEOUT = Duration.ofMinutes(5);

    /** Made on first use: setting up the security providers costs the credential helper's fast path. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** What the provider and Patrol said: the endpoints and the client to use. */
    record Provider(
            String issuer,
            String clientId,
            String clientSecret,
            String scope,
            URI authorizationEndpoint,
            URI tokenEndpoint,
            URI deviceEndpoint,
            URI revocationEndpoint) {}

    /** The provider's answer to a token request. */
    record Tokens(String accessToken, Instant accessExpiresAt, String refreshToken) {}

    private final Http http;
    private final Clock clock;
    private final PrintStream err;

    Oidc(Http http, Clock clock, PrintStream err) {
        this.http = http;
        this.clock = clock;
        this.err = err;
    }

    Provider discover(URI server) {
        Http.Reply cli = http.get(server.resolve("/.well-known/patrol-cli"), null);
        if (!cli.ok()) {
            throw Http.refusal(cli);
        }
        Map<String, Object> c = cli.json();
        String issuer = string(c, "issuer");
        Http.Reply metadata = http.get(URI.create(strip(issuer) + "/.well-known/openid-configuration"), null);
        if (!metadata.ok()) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "The OIDC provider " + issuer + " has no discovery document (HTTP " + metadata.status() + ").");
        }
        Map<String, Object> m = metadata.json();
        return new Provider(
                issuer,
                string(c, "client_id"),
                (String) c.get("client_secret"),
                c.get("scope") == null ? "openid" : c.get("scope").toString(),
                uri(m.get("authorization_endpoint")),
                uri(m.get("token_endpoint")),
                uri(m.get("device_authorization_endpoint")),
                uri(m.get("revocation_endpoint")));
    }

    /**
     * RFC 8252: a one-shot HTTP server on 127.0.0.1 and an ephemeral port receives the redirect; the
     * person signs in in their browser (opened when one can be, the address printed in any case).
     */
    Tokens browserSignIn(Provider p, Browser browser) {
        if (p.authorizationEndpoint() == null) {
            throw new CliException(
                    CliException.REFUSED, "The OIDC provider has no authorization endpoint; try --device.");
        }
        String verifier = random(32);
        String state = random(16);
        CompletableFuture<Map<String, String>> redirect = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE, "Cannot listen on 127.0.0.1 for the sign-in: " + e.getMessage());
        }
        server.createContext("/", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean mine = state.equals(query.get("state"));
            String page = mine && query.containsKey("code")
                    ? "Signed in to Patrol. You can close this tab and go back to the terminal."
                    : mine ? "Sign-in failed: " + query.getOrDefault("error", "no code") : "Unexpected request.";
            byte[] body = ("<!doctype html><title>Patrol</title><p>" + page.replace("<", "&lt;") + "</p>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(mine ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (mine) {
                redirect.complete(query);
            }
        });
        server.start();
        try {
            String redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            URI authorize = URI.create(
                    p.authorizationEndpoint() + (p.authorizationEndpoint().getRawQuery() == null ? "?" : "&")
                            + "response_type=code&client_id=" + Http.encode(p.clientId())
                            + "&redirect_uri=" + Http.encode(redirectUri)
                            + "&scope=" + Http.encode(p.scope())
                            + "&state=" + state
                            + "&code_challenge=" + challenge(verifier)
                            + "&code_challenge_method=S256");
            err.println("Sign in to Patrol in your browser. If it does not open, visit:");
            err.println("  " + authorize);
            browser.open(authorize);
            Map<String, String> answer;
            try {
                answer = redirect.get(SIGN_IN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new CliException(
                        CliException.NOT_SIGNED_IN,
                        "Nobody signed in within " + SIGN_IN_TIMEOUT.toMinutes() + " minutes.");
            } catch (InterruptedException | ExecutionException e) {
                throw new CliException(CliException.NOT_SIGNED_IN, "Sign-in interrupted.");
            }
            if (!answer.containsKey("code")) {
                throw new CliException(
                        CliException.NOT_SIGNED_IN,
                        "The provider refused the sign-in: "
                                + answer.getOrDefault("error_description", answer.getOrDefault("error", "no code"))
                                + ".");
            }
            return token(
                    p,
                    Http.form(
                            "grant_type",
                            "authorization_code",
                            "code",
                            answer.get("code"),
                            "redirect_uri",
                            redirectUri,
                            "code_verifier",
                            verifier));
        } finally {
            server.stop(0);
        }
    }

    /**
     * RFC 8628: shows a code and an address to open on any device, then polls at the interval the
     * provider asks for (slower after {@code slow_down}) until the person approved, refused, or the
     * code expired.
     */
    Tokens deviceSignIn(Provider p, Sleeper sleeper) {
        if (p.deviceEndpoint() == null) {
            throw new CliException(
                    CliException.REFUSED, "The OIDC provider does not offer the device authorization grant.");
        }
        Http.Reply start = http.postForm(p.deviceEndpoint(), withClient(p, Http.form("scope", p.scope())));
        if (!start.ok()) {
            throw new CliException(
                    start.status() >= 500 ? CliException.UNAVAILABLE : CliException.REFUSED,
                    "The OIDC provider refused the device sign-in (HTTP " + start.status() + oauthError(start) + ").");
        }
        Map<String, Object> d = start.json();
        String deviceCode = string(d, "device_code");
        Object complete = d.get("verification_uri_complete");
        err.println(
                "To sign in, open " + string(d, "verification_uri") + " and enter the code " + string(d, "user_code"));
        if (complete != null) {
            err.println("  or open " + complete);
        }
        long interval = number(d.get("interval"), 5);
        Instant deadline = clock.instant().plusSeconds(number(d.get("expires_in"), 600));
        while (true) {
            sleeper.sleep(Duration.ofSeconds(interval));
            if (clock.instant().isAfter(deadline)) {
                throw new CliException(
                        CliException.NOT_SIGNED_IN,
                        "The code expired before anyone entered it; run patrol login again.");
            }
            Http.Reply r = http.postForm(
                    p.tokenEndpoint(),
                    withClient(
                            p,
                            Http.form(
                                    "grant_type",
                                    "urn:ietf:params:oauth:grant-type:device_code",
                                    "device_code",
                                    deviceCode)));
            if (r.ok()) {
                return tokens(r.json());
            }
            String error = errorCode(r);
            switch (error) {
                case "authorization_pending" -> {}
                case "slow_down" -> interval += 5; // RFC 8628 section 3.5
                case "expired_token" ->
                    throw new CliException(
                            CliException.NOT_SIGNED_IN,
                            "The code expired before anyone entered it; run patrol login again.");
                case "access_denied" -> throw new CliException(CliException.NOT_SIGNED_IN, "The sign-in was refused.");
                default ->
                    throw new CliException(
                            r.status() >= 500 ? CliException.UNAVAILABLE : CliException.NOT_SIGNED_IN,
                            "The OIDC provider refused the device sign-in (HTTP " + r.status() + oauthError(r) + ").");
            }
        }
    }

    /** A new access token from the refresh token; null when the provider no longer accepts it. */
    Tokens refresh(Provider p, String refreshToken) {
        Http.Reply r = http.postForm(
                p.tokenEndpoint(),
                withClient(p, Http.form("grant_type", "refresh_token", "refresh_token", refreshToken)));
        if (r.status() == 400 || r.status() == 401) {
            return null;
        }
        if (!r.ok()) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "The OIDC provider could not refresh the session (HTTP " + r.status() + ").");
        }
        Tokens t = tokens(r.json());
        return t.refreshToken() == null ? new Tokens(t.accessToken(), t.accessExpiresAt(), refreshToken) : t;
    }

    /** Tells the provider to forget the refresh token (RFC 7009), where it offers revocation. */
    void revoke(Provider p, String refreshToken) {
        if (p.revocationEndpoint() != null && refreshToken != null) {
            http.postForm(
                    p.revocationEndpoint(),
                    withClient(p, Http.form("token", refreshToken, "token_type_hint", "refresh_token")));
        }
    }

    private Tokens token(Provider p, Map<String, String> form) {
        Http.Reply r = http.postForm(p.tokenEndpoint(), withClient(p, form));
        if (!r.ok()) {
            throw new CliException(
                    r.status() >= 500 ? CliException.UNAVAILABLE : CliException.NOT_SIGNED_IN,
                    "The OIDC provider refused the sign-in (HTTP " + r.status() + oauthError(r) + ").");
        }
        return tokens(r.json());
    }

    private Tokens tokens(Map<String, Object> t) {
        return new Tokens(
                string(t, "access_token"), clock.instant().plusSeconds(number(t.get("expires_in"), 300)), (String)
                        t.get("refresh_token"));
    }

    private static Map<String, String> withClient(Provider p, Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("client_id", p.clientId());
        if (p.clientSecret() != null) {
            all.put("client_secret", p.clientSecret());
        }
        return all;
    }

    private static String errorCode(Http.Reply r) {
        try {
            Object e = r.json().get("error");
            return e == null ? "" : e.toString();
        } catch (CliException e) {
            return "";
        }
    }

    private static String oauthError(Http.Reply r) {
        String e = errorCode(r);
        return e.isEmpty() ? "" : ", " + e;
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        Random.INSTANCE.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.putIfAbsent(
                            java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new CliException(CliException.UNAVAILABLE, "The answer lacks " + key + ".");
        }
        return v.toString();
    }

    private static long number(Object v, long otherwise) {
        return v instanceof Number n ? n.longValue() : otherwise;
    }

    private static URI uri(Object v) {
        return v == null || v.toString().isBlank() ? null : URI.create(v.toString());
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Waits between polls; the tests pass one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d);

        Sleeper REAL = d -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(CliException.NOT_SIGNED_IN, "Sign-in interrupted.");
            }
        };
    }

    /** Opens an address in the person's browser, if there is one. */
    interface Browser {
        void open(URI uri);
    }
}
