package dev.patrol.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.edge.ValidToken;

/**
 * Resource servers that introspect PATs with their own client id and secret (RFC 7662 with
 * {@code client_secret_basic} or {@code client_secret_post}). Configured as entries separated by
 * {@code ;} or newlines: {@code id secret=sha256:HEX [secret=sha256:HEX] [organizations=a,b]
 * [scopes=x,y]}. Secrets are stored as SHA-256 hashes; two during a rotation. A client limited to
 * organizations or scopes learns nothing about tokens outside them.
 */
public final class IntrospectionClients {

    /** One registered resource server; empty {@code organizations}/{@code scopes}: no limit. */
    public record Client(String id, List<byte[]> secretHashes, Set<String> organizations, Set<String> scopes) {

        /** Whether this client may learn about {@code token}, which acts in the organizations {@code actsIn} says. */
        public boolean sees(ValidToken token, java.util.function.Predicate<String> actsIn) {
            return (organizations.isEmpty() || organizations.stream().anyMatch(actsIn))
                    && (scopes.isEmpty() || scopes.stream().anyMatch(s -> ScopeCatalogue.grants(token.scopes(), s)));
        }

        /** The token's scopes as this client may see them: those of its own scopes the token grants. */
        public Set<String> visibleScopes(ValidToken token) {
            if (scopes.isEmpty()) {
                return token.scopes();
            }
            return Set.copyOf(scopes.stream()
                    .filter(s -> ScopeCatalogue.grants(token.scopes(), s))
                    .toList());
        }
    }

    /** Compared against when the client id is unknown, so that both cases take the same time. */
    private static final byte[] NO_CLIENT = new byte[32];

    private final Map<String, Client> clients;

    private IntrospectionClients(Map<String, Client> clients) {
        this.clients = clients;
    }

    public static IntrospectionClients parse(Optional<String> spec, ScopeCatalogue catalogue) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (String entry : spec.orElse("").split("[;\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split("\\s+");
            String id = parts[0];
            List<byte[]> hashes = new ArrayList<>();
            Set<String> organizations = Set.of();
            Set<String> scopes = Set.of();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i];
                if (p.startsWith("secret=sha256:")) {
                    hashes.add(hash(id, p.substring("secret=sha256:".length())));
                } else if (p.startsWith("organizations=")) {
                    organizations =
                            Set.of(p.substring("organizations=".length()).split(","));
                } else if (p.startsWith("scopes=")) {
                    scopes = Set.of(p.substring("scopes=".length()).split(","));
                    for (String s : scopes) {
                        if (!catalogue.contains(s)) {
                            throw new IllegalArgumentException(
                                    "patrol.introspection.clients: client " + id + " names unknown scope " + s);
                        }
                    }
                } else {
                    throw new IllegalArgumentException("patrol.introspection.clients: client " + id
                            + ": expected secret=sha256:HEX, organizations=... or scopes=..., got \"" + p + "\"");
                }
            }
            if (hashes.isEmpty() || clients.containsKey(id)) {
                throw new IllegalArgumentException("patrol.introspection.clients: client " + id
                        + (hashes.isEmpty() ? " has no secret=sha256:HEX" : " is listed twice"));
            }
            clients.put(id, new Client(id, List.copyOf(hashes), organizations, scopes));
        }
        return new IntrospectionClients(clients);
    }

    /** The client whose id and secret these are; empty otherwise (the comparison is constant-time). */
    public Optional<Client> authenticate(String id, String secret) {
        if (id == null || secret == null) {
            return Optional.empty();
        }
        byte[] presented = sha256(secret);
        Client client = clients.get(id);
        boolean match = false;
        for (byte[] h : client == null ? List.of(NO_CLIENT) : client.secretHashes()) {
            match |= MessageDigest.isEqual(presented, h);
        }
        return match && client != null ? Optional.of(client) : Optional.empty();
    }

    /** The hash an operator configures for {@code secret}: SHA-256, lowercase hex. */
    public static String hashOf(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] hash(String id, String hex) {
        try {
            byte[] h = HexFormat.of().parseHex(hex);
            if (h.length == 32) {
                return h;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "patrol.introspection.clients: client " + id + ": secret=sha256: needs 64 hex digits");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
