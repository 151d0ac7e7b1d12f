package dev.patrol.interop;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A service behind the gateway verifies the JWT Patrol minted for it locally, as
 * docs/protecting-an-api.md shows: Spring Security's {@code NimbusJwtDecoder} with the keys at the
 * metadata's {@code jwks_uri}, the RFC 9068 validator (issuer, audience, {@code typ at+jwt}); the
 * PAT's scopes become {@code SCOPE_} authorities. Forged, expired and other services' JWTs are refused;
 * a JWT of the retired key still verifies while it is published.
 */
@QuarkusTest
class JwtVerifiedLocallyTest {

    /** The private part of the %test profile's retired key dev-1 (application.properties publishes its public part). */
    static final String RETIRED_KEY = "{\"kty\":\"EC\",\"kid\":\"dev-1\",\"crv\":\"P-256\","
            + "\"x\":\"aq_NUT4zvJKLWHE5NWCkGU3SUIDcGJ9FA7EikDydllY\",\"y\":\"Mxv9Kj8N1KPWxIfyz_DYQnXDqK7FFO0h7xJeZwd4Hdg\","
            + "\"d\":\"gHwnPP_MB2tUuHTJDOIWE32QlqJe-FVXXTXOJtfDLss\"}";

    static String patrol() {
        return ConfigProvider.getConfig().getValue("test.url", String.class);
    }

    /**
     * The decoder of the service "orders-api": the keys from Patrol's address as the service reaches it
     * (inside the cluster), the issuer Patrol's metadata names (its public URL).
     */
    static JwtDecoder ordersApi() {
        String issuer = given().baseUri(patrol())
                .get("/.well-known/oauth-authorization-server")
                .then()
                .extract()
                .path("issuer");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(patrol() + "/.well-known/jwks.json")
                .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256)
                .build();
        decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
                .issuer(issuer)
                .audience("orders-api")
                .build());
        return decoder;
    }

    static String jwtFor(Pats.Pat pat, String audience) {
        return Pats.bearer(pat.secret())
                .get("/auth/check?scope=code:read&jwt=" + audience)
                .then()
                .statusCode(200)
                .extract()
                .header("X-Patrol-Jwt");
    }

    @Test
    void theServiceVerifiesTheJwtWithThePublishedKeysAndSeesThePatsOwnerAndScopes() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), null);
        Jwt jwt = ordersApi().decode(jwtFor(pat, "orders-api"));
        assertEquals("alice", jwt.getSubject());
        assertEquals(pat.id(), jwt.getClaimAsString("client_id"));
        Set<String> authorities = new JwtAuthenticationConverter()
                .convert(jwt).getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith("SCOPE_")) // Spring 7 also adds FACTOR_BEARER
                        .collect(Collectors.toSet());
        assertEquals(Set.of("SCOPE_code:read", "SCOPE_build:read"), authorities);
    }

    @Test
    void aJwtMintedForAnotherServiceIsRefused() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        String billing = jwtFor(pat, "billing-api");
        assertThrows(JwtException.class, () -> ordersApi().decode(billing));
    }

    @Test
    void aJwtSignedWithAnotherKeyUnderPatrolsKeyIdIsRefused() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        SignedJWT real = SignedJWT.parse(jwtFor(pat, "orders-api"));
        ECKey forger = new ECKeyGenerator(Curve.P_256).keyID("dev-2").generate();
        assertThrows(JwtException.class, () -> ordersApi().decode(sign(forger, real.getJWTClaimsSet())));
    }

    @Test
    void anExpiredJwtIsRefusedAndOneOfTheRetiredKeyStillVerifies() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        JWTClaimsSet claims = SignedJWT.parse(jwtFor(pat, "orders-api")).getJWTClaimsSet();
        ECKey retired = ECKey.parse(RETIRED_KEY);
        // Signed by the retired key, which the set still publishes: accepted until it expires.
        assertEquals("alice", ordersApi().decode(sign(retired, claims)).getSubject());
        Instant past = Instant.now().minusSeconds(600);
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims)
                .issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60)))
                .build();
        assertThrows(JwtException.class, () -> ordersApi().decode(sign(retired, expired)));
        // The published set is what a library fetches: both keys, public parts only.
        JWKSet published = JWKSet.load(
                java.net.URI.create(patrol() + "/.well-known/jwks.json").toURL());
        assertEquals(
                List.of("dev-2", "dev-1"),
                published.getKeys().stream().map(k -> k.getKeyID()).toList());
        published.getKeys().forEach(k -> assertEquals(false, k.isPrivate(), k.getKeyID()));
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt"))
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
