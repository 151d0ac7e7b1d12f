package dev.patrol.eventlog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a record says is echoed escaped and bounded, never as it came. */
class UntrustedTest {

    @Test
    void controlAndInvisibleCharactersAreWrittenAsEscapes() {
        assertEquals("evil\\u0000id", Untrusted.printable("evil\u0000id", 100));
        assertEquals("line\\u000aforged", Untrusted.printable("line\nforged", 100));
        assertEquals("zero\\u200bwidth", Untrusted.printable("zero\u200bwidth", 100));
        assertEquals("half \\ud800 pair", Untrusted.printable("half \ud800 pair", 100));
    }

    @Test
    void printableTextIsKeptAndLongTextIsCut() {
        assertEquals("key k1 \uD83D\uDE00", Untrusted.printable("key k1 \uD83D\uDE00", 100));
        assertEquals("abcde...", Untrusted.printable("abcdefgh", 5));
    }
}
