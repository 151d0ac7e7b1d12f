package dev.patrol.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PkceTest {

    @Test
    void theChallengeIsRfc7636sS256OfTheVerifier() {
        // RFC 7636, appendix B.
        assertEquals(
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Oidc.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void verifiersAreLongEnoughAndNeverRepeat() {
        String a = Oidc.random(32);
        assertTrue(a.length() >= 43 && a.matches("[A-Za-z0-9_-]+"), a); // RFC 7636: 43-128 unreserved characters
        assertNotEquals(a, Oidc.random(32));
    }
}
