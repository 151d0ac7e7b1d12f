package dev.patrol.service;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patrol.repository.TokenQueries.SortKey;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The list cursor comes from clients: decoding any string either yields a position or refuses it
 * with IllegalArgumentException (a 400), never anything else (a 500). Jazzer, see CredentialParsersFuzzTest.
 */
class CursorFuzzTest {

    @FuzzTest(maxDuration = "45s")
    void anyCursorDecodesOrIsRefusedAsBadInput(FuzzedDataProvider data) {
        SortKey sort = data.pickValue(SortKey.values());
        boolean descending = data.consumeBoolean();
        // Either any string, or (so that the fuzzer reaches past base64, which it cannot see into) any
        // content encoded the way cursors are.
        String cursor = data.consumeBoolean()
                ? data.consumeRemainingAsString()
                : java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                data.consumeRemainingAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Object[] position;
        try {
            position = Cursor.decode(cursor, sort, descending);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(2, position.length);
        // What decodes, encodes back to a cursor that decodes to the same position.
        Object[] again = Cursor.decode(Cursor.encode(sort, descending, position), sort, descending);
        assertEquals(String.valueOf(position[0]), String.valueOf(again[0]));
        assertEquals(position[1], again[1]);
    }
}
