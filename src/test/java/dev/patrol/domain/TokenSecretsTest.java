package dev.patrol.domain;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSecretsTest {

    final SecureRandom random = new SecureRandom();

    @Test
    void generatedTokenHasPrefixBodyAndValidChecksum() {
        String t = TokenSecrets.generate("ptl", random);
        assertTrue(t.matches("ptl_[0-9A-Za-z]{49}"), t);
        assertTrue(TokenSecrets.isWellFormed(t, "ptl"));
    }

    @Test
    void anySingleCharacterTypoIsCaughtOffline() {
        String t = TokenSecrets.generate("ptl", random);
        for (int i = 4; i < t.length(); i++) {
            char c = t.charAt(i) == 'a' ? 'b' : 'a';
            String typo = t.substring(0, i) + c + t.substring(i + 1);
            assertFalse(TokenSecrets.isWellFormed(typo, "ptl"), typo);
        }
    }

    @Test
    void wrongPrefixLengthOrAlphabetIsMalformed() {
        String t = TokenSecrets.generate("ptl", random);
        assertFalse(TokenSecrets.isWellFormed(t, "abc"));
        assertFalse(TokenSecrets.isWellFormed(t + "0", "ptl"));
        assertFalse(TokenSecrets.isWellFormed(t.substring(0, 10) + "-" + t.substring(11), "ptl"));
        assertFalse(TokenSecrets.isWellFormed(null, "ptl"));
    }

    @Test
    void hashIsSha256HexAndHintShowsOnlyTheEnd() {
        String t = TokenSecrets.generate("ptl", random);
        assertEquals(64, TokenSecrets.hash(t).length());
        assertNotEquals(TokenSecrets.hash(t), TokenSecrets.hash(TokenSecrets.generate("ptl", random)));
        assertEquals("ptl_..." + t.substring(t.length() - 4), TokenSecrets.displayHint(t));
    }

    @Test
    void sha256OfKnownInput() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenSecrets.hash("abc"));
    }
}
