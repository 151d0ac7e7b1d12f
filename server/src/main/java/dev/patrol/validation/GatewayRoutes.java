package dev.patrol.validation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.patrol.domain.ScopeCatalogue;

/**
 * The gateway's route table: which scope the original request needs, from its method and path
 * ({@code X-Original-Method} / {@code X-Original-URI}). One rule per line or {@code ;}:
 * {@code METHODS PATTERN SCOPE}, e.g. {@code GET,HEAD /repos/** code:read}. Methods may be
 * {@code *}; in patterns {@code *} matches within one path segment and {@code /**} any number of
 * segments; the scope may be {@code any} (authentication only). First match wins; a path no rule
 * matches takes the default scope or, without one, is denied.
 */
public final class GatewayRoutes {

    /** What the original request needs. */
    public sealed interface Requirement {}

    /** A PAT granting {@code scope} ({@code null}: any valid PAT). */
    public record Scope(String scope) implements Requirement {}

    /** No PAT may pass. */
    public record Deny(String reason) implements Requirement {}

    /** Authentication only. */
    public static final String ANY = "any";

    private record Rule(Set<String> methods, Pattern path, String scope) {
        /** HEAD is GET without the body (RFC 9110): an upstream serves it wherever it serves GET. */
        boolean allows(String method) {
            return methods.contains("*")
                    || methods.contains(method)
                    || ("HEAD".equals(method) && methods.contains("GET"));
        }
    }

    private final List<Rule> rules;
    private final String defaultScope;
    private final ScopeCatalogue catalogue;

    private GatewayRoutes(List<Rule> rules, String defaultScope, ScopeCatalogue catalogue) {
        this.rules = rules;
        this.defaultScope = defaultScope;
        this.catalogue = catalogue;
    }

    /**
     * Parses the table; refuses (so Patrol does not start) a malformed rule or a scope outside the
     * catalogue: a typo must not silently open or close an API.
     */
    public static GatewayRoutes parse(Optional<String> table, Optional<String> defaultScope, ScopeCatalogue catalogue) {
        List<Rule> rules = new ArrayList<>();
        for (String line : table.orElse("").split("[;\\n]")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 3 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException(
                        "patrol.gateway.routes: expected \"METHODS /path/pattern scope\", got \"" + line.strip()
                                + "\"");
            }
            rules.add(new Rule(
                    Set.of(parts[0].toUpperCase(Locale.ROOT).split(",")),
                    glob(parts[1]),
                    checked(parts[2], catalogue, "patrol.gateway.routes")));
        }
        return new GatewayRoutes(
                List.copyOf(rules),
                defaultScope
                        .map(s -> checked(s.strip(), catalogue, "patrol.gateway.default-scope"))
                        .orElse(null),
                catalogue);
    }

    /** The requirement a {@code scope} query parameter states; empty when it names no known scope. */
    public Optional<Requirement> requirementFor(String scope) {
        return ANY.equals(scope) || catalogue.contains(scope) ? Optional.of(scope(scope)) : Optional.empty();
    }

    public boolean isEmpty() {
        return rules.isEmpty() && defaultScope == null;
    }

    /** Headers in which some gateway passes the original URI; a client can write any of them. */
    public static final List<String> ORIGINAL_URI_HEADERS =
            List.of("X-Original-URI", "X-Original-URL", "X-Forwarded-Uri");

    /**
     * What the original request needs, from the original URI in {@code header} (the one the deployment
     * configured): {@code values} are that header's values, {@code otherPresent} whether the request
     * carries another original-URI header. Anything but exactly one value in the configured header
     * alone is denied (a gateway passes a header the client wrote through to the check).
     */
    public Requirement requirementFor(String method, String header, List<String> values, boolean otherPresent) {
        if (values.size() != 1 || otherPresent) {
            return new Deny("the original URI must come in " + header + " alone, and once");
        }
        String uri = values.get(0);
        return requirementFor(method, uri.startsWith("/") ? uri : pathOfUrl(uri));
    }

    /** The requirement for {@code method} on {@code uri} (as the gateway received it, query included). */
    public Requirement requirementFor(String method, String uri) {
        String path = normalizedPath(uri);
        if (path == null) {
            return new Deny("the original URI's path is malformed or ambiguous");
        }
        String m = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
        for (Rule rule : rules) {
            if (rule.allows(m) && rule.path().matcher(path).matches()) {
                return scope(rule.scope());
            }
        }
        return defaultScope != null ? scope(defaultScope) : new Deny("no gateway route matches the original request");
    }

    private static Requirement scope(String s) {
        return new Scope(ANY.equals(s) ? null : s);
    }

    private static String checked(String scope, ScopeCatalogue catalogue, String property) {
        if (!ANY.equals(scope) && !catalogue.contains(scope)) {
            throw new IllegalArgumentException(property + ": unknown scope \"" + scope + "\"");
        }
        return scope;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("/**", i)) {
                regex.append("(?:/.*)?");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** The path and query of an absolute URL ({@code X-Original-URL}); null when it is not one. */
    public static String pathOfUrl(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int path = url.indexOf('/', scheme + 3);
        return path < 0 ? "/" : url.substring(path);
    }

    /**
     * Escapes and characters upstreams disagree on: an encoded {@code /} is a separator to some and a
     * name character to others, {@code \} is a separator on Windows servers, {@code %25} decodes
     * to another escape (double decoding), and {@code ;} starts a path parameter that Tomcat and
     * Jetty strip and others keep. With the upstream's rules unknown, a path holding one is denied.
     */
    private static final Pattern AMBIGUOUS = Pattern.compile("(?i)%2f|%5c|%25|%3b|[\\\\;]");

    /**
     * The path the upstream will serve: query dropped, percent-decoded once, dot segments and empty
     * segments resolved, so {@code /repos/../admin} or {@code /%61dmin} cannot slip past a rule.
     * {@code null} when it is not a path (absent, malformed escape, a control character, climbing
     * above the root) or is {@link #AMBIGUOUS}. Case is kept: rules match case-sensitively.
     */
    static String normalizedPath(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > 8192) {
            return null;
        }
        int end = uri.length();
        for (char stop : new char[] {'?', '#'}) {
            int i = uri.indexOf(stop);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        String raw = uri.substring(0, end);
        if (AMBIGUOUS.matcher(raw).find()) {
            return null;
        }
        String decoded = percentDecoded(raw);
        if (decoded == null || !decoded.startsWith("/") || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null; // control characters (NUL, CR, LF...), raw or escaped, are no part of a path
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        String path = "/" + String.join("/", segments);
        return decoded.endsWith("/") && !segments.isEmpty() ? path + "/" : path;
    }

    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                int next = s.indexOf('%', i);
                byte[] b = s.substring(i, next < 0 ? s.length() : next).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = (next < 0 ? s.length() : next) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
