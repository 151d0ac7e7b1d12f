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

    /** docs/leaks.md tells scanners how to recognise a token: what it says must hold for real tokens. */
    @Test
    void whatTheScannerDocumentationSaysHoldsForRealTokens() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/leaks.md"));
        var line = java.util.regex.Pattern.compile("Pattern: `([^`]+)`").matcher(doc);
        assertTrue(line.find(), "docs/leaks.md names the pattern");
        var pattern = java.util.regex.Pattern.compile(line.group(1));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 1000; i++) {
            String t = TokenSecrets.generate("ptl", random);
            assertTrue(pattern.matcher("token=" + t + ";").find(), t);
            // The documented rule: CRC-32 of prefix + body, base62, most significant first, 6 digits.
            var crc = new java.util.zip.CRC32();
            crc.update(("ptl" + t.substring(4, 47)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long v = crc.getValue();
            StringBuilder expected = new StringBuilder();
            for (int d = 0; d < 6; d++) {
                expected.insert(0, alphabet.charAt((int) (v % 62)));
                v /= 62;
            }
            assertEquals(expected.toString(), t.substring(47), t);
        }
    }
}
