package dev.patrol.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemSentencesTest {

    @Test
    void aProblemIsToldAsItsTitleAndDetail() {
        CliException e = Http.refusal(
                new Http.Reply(
                        422,
                        "{\"type\":\"about:blank\",\"title\":\"Invalid field\",\"status\":422,\"detail\":\"scopes: unknown scope code:fly\"}"));
        assertEquals("Invalid field: scopes: unknown scope code:fly", e.getMessage());
        assertEquals(CliException.REFUSED, e.exitCode);
    }

    @Test
    void statusesMapToTheDocumentedExitCodes() {
        assertEquals(CliException.NOT_SIGNED_IN, Http.refusal(new Http.Reply(401, "")).exitCode);
        assertEquals(CliException.NOT_FOUND, Http.refusal(new Http.Reply(404, "{\"title\":\"Not found\"}")).exitCode);
        assertEquals(CliException.UNAVAILABLE, Http.refusal(new Http.Reply(503, "")).exitCode);
    }

    @Test
    void aBodyThatIsNotAProblemIsNeverPrinted() {
        CliException e = Http.refusal(new Http.Reply(502, "<html>java.lang.IllegalStateException at ...</html>"));
        assertEquals("Patrol answered HTTP 502.", e.getMessage());
    }
}
