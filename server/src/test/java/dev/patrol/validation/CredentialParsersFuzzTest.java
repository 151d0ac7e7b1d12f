package dev.patrol.validation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patrol.domain.TokenSecrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the parsers that see every presented credential. In verify
 * the inputs under src/test/resources/.../CredentialParsersFuzzTestInputs are replayed; with
 * JAZZER_FUZZ=1 Jazzer explores (see BENCHMARKS.md "Fuzzing"). Any exception is a finding.
 */
class CredentialParsersFuzzTest {

    @FuzzTest(maxDuration = "45s")
    void authorizationHeaderParsingIsTotalAndHandsValidationANonEmptySecret(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        PresentedCredential c = PresentedCredential.parse(header, "ptl", 1024);
        assertNotNull(c.kind());
        if (c.kind() == PresentedCredential.Kind.PAT) {
            // A PAT attempt: validation judges its format (a first finding of the fuzzer was that this
            // test had assumed the parser did).
            assertTrue(c.secret() != null && !c.secret().isEmpty(), String.valueOf(c.secret()));
            assertTrue(header.length() <= 1024);
        } else {
            assertEquals(null, c.secret());
        }
    }

    @FuzzTest(maxDuration = "45s")
    void tokenFormatCheckIsTotalAndAgreesWithTheHash(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        if (TokenSecrets.isWellFormed(token, "ptl")) {
            assertEquals(64, TokenSecrets.hash(token).length());
            assertTrue(token.startsWith("ptl_"));
        }
    }

    @FuzzTest(maxDuration = "45s")
    void gatewayPathsNormaliseToRootedPathsWithoutDotSegments(FuzzedDataProvider data) {
        String path = GatewayRoutes.normalizedPath(data.consumeRemainingAsString());
        if (path != null) {
            assertTrue(path.startsWith("/"), path);
            assertTrue(!path.contains("/../") && !path.endsWith("/..") && !path.contains("/./"), path);
            // A raw NUL once slipped through (the first fuzzing run found it): no control character.
            assertTrue(path.chars().noneMatch(c -> c < 0x20 || c == 0x7f), path);
        }
    }

    @FuzzTest(maxDuration = "45s")
    void forwardedAddressesResolveToAnIpLiteralOrNothing(FuzzedDataProvider data) {
        ClientAddress behindIngress = new ClientAddress(java.util.List.of("10.0.0.0/8"));
        String resolved = behindIngress.resolve("10.1.2.3", data.consumeString(300), data.consumeRemainingAsString());
        assertNotNull(ClientAddress.literal(resolved), resolved);
    }
}
