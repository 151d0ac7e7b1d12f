package dev.patrol.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key pair of a stranger to Patrol: the attacker who forges an OIDC token, the test's own
 * OIDC issuer. A fixed test key ({@code stranger-rsa-key.pem} beside this class), trusted by nothing:
 * generating a 2,048-bit pair took 2-8 s of CPU in the suite's JVMs, which compile with C1 only.
 */
public final class TestKeys {

    private static KeyPair stranger;

    private TestKeys() {}

    public static synchronized KeyPair stranger() {
        if (stranger == null) {
            stranger = load("stranger-rsa-key.pem");
        }
        return stranger;
    }

    private static KeyPair load(String resource) {
        try (InputStream in = TestKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " beside " + TestKeys.class.getName());
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeyPair(
                    rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())), key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
