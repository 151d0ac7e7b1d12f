package dev.patrol.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Problem details are read by people: every one is a sentence, identifiers keep their spelling. */
class ProblemSentenceTest {

    @Test
    void aDetailBecomesASentence() {
        assertEquals("No such token.", Problem.sentence("no such token"));
        assertEquals("Already a sentence.", Problem.sentence("Already a sentence."));
        assertEquals("Retry?", Problem.sentence("Retry?"));
    }

    @Test
    void anIdentifierAtTheStartKeepsItsSpelling() {
        assertEquals("lifetimeDays must be at least 1.", Problem.sentence("lifetimeDays must be at least 1"));
        assertEquals("scope=any is needed.", Problem.sentence("scope=any is needed"));
        assertNull(Problem.sentence(null));
    }
}
