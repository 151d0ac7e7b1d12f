package dev.patrol.gateway;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patrol.config.PatrolConfig;
import dev.patrol.edge.ValidToken;
import dev.patrol.validation.OrganizationAccess;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Mints the short-lived JWT (RFC 9068 access token, {@code typ: at+jwt}, ES256) that a gateway
 * forwards instead of the PAT, and publishes the keys that verify it. A JWT is minted once per edge
 * cache entry and audience, and reused until half its life is gone: the cache entry is the key
 * (held weakly, compared by identity), so a token whose entry was replaced (modified, narrowed) or
 * dropped (revoked) never gets an older JWT again. It carries what the gateway headers carry, never
 * the secret or its hash.
 */
@ApplicationScoped
@Startup // a wrong key set stops the start (dev, tests), not the first check
public class JwtMinter {

    /** RFC 9701: the media type a resource server accepts for a signed introspection answer, and the JWT's {@code typ}. */
    public static final String INTROSPECTION_TYPE = "token-introspection+jwt";

    /** A JWT and when to mint a new one (epoch seconds). */
    private record Minted(String jwt, String issuer, long renewAt) {}

    private final PatrolConfig.Jwt config;
    private final String kid;
    private final PrivateKey signingKey;
    private final Set<String> audiences;
    private final String publishedKeys;
    private final Cache<ValidToken, Map<String, Minted>> minted;

    /** A JWT names the organizations its token may act in when minted (pending ones left out). */
    @Inject
    OrganizationAccess access;

    @Inject
    public JwtMinter(PatrolConfig patrol) {
        config = patrol.jwt();
        audiences = Set.copyOf(config.audiences().orElse(List.of()));
        kid = config.signingKeyId().orElse(null);
        String json = config.keys().filter(k -> !k.isBlank()).orElse(null);
        String problem = problem(json, kid, audiences);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        List<EllipticCurveJsonWebKey> keys = json == null ? List.of() : keys(json);
        signingKey = keys.stream()
                .filter(k -> k.getKeyId().equals(kid))
                .map(EllipticCurveJsonWebKey::getEcPrivateKey)
                .findFirst()
                .orElse(null);
        List<JsonWebKey> published = new ArrayList<>();
        for (EllipticCurveJsonWebKey k : keys) {
            try {
                published.add(JsonWebKey.Factory.newJwk(k.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
            } catch (JoseException e) {
                throw new IllegalStateException("PATROL_JWT_KEYS: key " + k.getKeyId() + " cannot be published", e);
            }
        }
        publishedKeys = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        minted = Caffeine.newBuilder()
                .weakKeys()
                .expireAfterWrite(config.lifetime())
                .maximumSize(patrol.cache().maximumSize())
                .build();
    }

    /**
     * What is wrong with the JWT settings (naming the variable to fix, never a key's value), or null.
     * No keys at all is fine: no JWTs. The packaged application checks this before it starts (PatrolMain).
     */
    public static String problem(String keysJson, String signingKeyId, Set<String> audiences) {
        if (keysJson == null || keysJson.isBlank()) {
            return null;
        }
        List<EllipticCurveJsonWebKey> keys;
        try {
            keys = keys(keysJson);
        } catch (IllegalArgumentException e) {
            return "PATROL_JWT_KEYS: " + e.getMessage();
        }
        if (keys.stream().noneMatch(k -> k.getKeyId().equals(signingKeyId) && k.getEcPrivateKey() != null)) {
            return "PATROL_JWT_SIGNING_KEY_ID must name a private key of PATROL_JWT_KEYS ("
                    + (signingKeyId == null ? "it is unset" : "no private key has kid \"" + signingKeyId + "\"") + ")";
        }
        if (audiences.isEmpty()) {
            return "PATROL_JWT_AUDIENCES must name the services gateways may ask JWTs for";
        }
        return null;
    }

    private static List<EllipticCurveJsonWebKey> keys(String json) {
        List<JsonWebKey> all;
        try {
            all = new JsonWebKeySet(json).getJsonWebKeys();
        } catch (JoseException e) {
            // Not the parser's message: it may quote the JSON, and with it a private key.
            throw new IllegalArgumentException("not a JWK Set ({\"keys\":[...]})");
        }
        List<EllipticCurveJsonWebKey> keys = new ArrayList<>();
        for (JsonWebKey k : all) {
            if (!(k instanceof EllipticCurveJsonWebKey ec) || !"P-256".equals(ec.getCurveName())) {
                throw new IllegalArgumentException("every key must be EC P-256 (ES256)");
            }
            if (k.getKeyId() == null || k.getKeyId().isBlank()) {
                throw new IllegalArgumentException("every key needs a kid");
            }
            keys.add(ec);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the set has no key");
        }
        return keys;
    }

    /** Whether this instance mints JWTs at all (a signing key is configured). */
    public boolean enabled() {
        return signingKey != null;
    }

    /** Whether a gateway may ask JWTs for {@code audience}. */
    public boolean allows(String audience) {
        return audiences.contains(audience);
    }

    /** The public keys, a JWK Set for {@code /.well-known/jwks.json}. */
    public String publishedKeys() {
        return publishedKeys;
    }

    /** A JWT of {@code t} for {@code audience} (one {@link #allows} allows), issued by {@code issuer}. */
    public String jwtFor(ValidToken t, String audience, String issuer) {
        // On every check that asks for a JWT: no allocation when one is at hand.
        long now = System.currentTimeMillis() / 1000;
        Map<String, Minted> ofToken = minted.getIfPresent(t);
        if (ofToken == null) {
            ofToken = minted.get(t, k -> new ConcurrentHashMap<>(2));
        }
        Minted m = ofToken.get(audience);
        // The issuer is configured in production; dev and test take it from the request.
        if (m == null || now >= m.renewAt() || !m.issuer().equals(issuer)) {
            m = mint(t, audience, issuer, now);
            ofToken.put(audience, m);
        }
        return m.jwt();
    }

    /**
     * An RFC 9701 introspection answer: {@code answer} (the RFC 7662 JSON) signed for the resource
     * server {@code audience} that asked, {@code typ: token-introspection+jwt}.
     */
    public String introspectionResponse(String issuer, String audience, Map<String, Object> answer) {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer(issuer)
                .audience(audience)
                .issuedAt(now)
                .expiresAt(now + config.lifetime().toSeconds())
                .claim("jti", UUID.randomUUID().toString())
                .claim("token_introspection", answer)
                .jws()
                .keyId(kid)
                .algorithm(SignatureAlgorithm.ES256)
                .header("typ", INTROSPECTION_TYPE)
                .sign(signingKey);
    }

    private Minted mint(ValidToken t, String audience, String issuer, long now) {
        long exp = Math.min(now + config.lifetime().toSeconds(), t.expiresAt().getEpochSecond());
        String jwt = Jwt.issuer(issuer)
                .subject(t.owner())
                .audience(audience)
                .claim("scope", t.text().scopes())
                .claim("organizations", access.organizations(t))
                // The PAT is the client (RFC 9068); its id is what the revocation broadcast names.
                .claim("client_id", t.text().tokenId())
                .claim("token_hint", t.text().displayHint())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(exp)
                .jws()
                .keyId(kid)
                .algorithm(SignatureAlgorithm.ES256)
                .header("typ", "at+jwt")
                .sign(signingKey);
        return new Minted(jwt, issuer, now + (exp - now) / 2);
    }
}
