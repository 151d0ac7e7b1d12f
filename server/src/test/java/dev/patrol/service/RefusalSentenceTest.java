package dev.patrol.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Problem details are read by people: every one is a sentence, identifiers keep their spelling. */
class RefusalSentenceTest {

    @Test
    void aDetailBecomesASentence() {
        assertEquals("No such token.", Refusal.sentence("no such token"));
        assertEquals("Already a sentence.", Refusal.sentence("Already a sentence."));
        assertEquals("Retry?", Refusal.sentence("Retry?"));
    }

    @Test
    void anIdentifierAtTheStartKeepsItsSpelling() {
        assertEquals("lifetimeDays must be at least 1.", Refusal.sentence("lifetimeDays must be at least 1"));
        assertEquals("scope=any is needed.", Refusal.sentence("scope=any is needed"));
        assertNull(Refusal.sentence(null));
    }
}
