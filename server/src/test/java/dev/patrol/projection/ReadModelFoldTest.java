package dev.patrol.projection;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.Actor;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenRegeneratedEvent;
import dev.patrol.domain.TokenRenamedEvent;
import dev.patrol.repository.ReadModelChanges;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadModelFoldTest {

    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Actor A = Actor.user("alice", null, null);
    static final UUID ID = UUID.randomUUID();

    final Map<UUID, Token> states = new HashMap<>();
    final Set<UUID> applied = new HashSet<>();
    final Set<UUID> rejected = new HashSet<>();

    static EventRecord issued(long offset) {
        return new EventRecord(
                0,
                offset,
                List.of(new TokenIssuedEvent(
                        UUID.randomUUID(),
                        ID,
                        1,
                        T,
                        A,
                        ID,
                        "alice",
                        "n",
                        Set.of("code:read"),
                        OrganizationBinding.allOrganizations(),
                        "h1",
                        "hint",
                        T.plusSeconds(3600))));
    }

    static EventRecord renamed(long offset, long version, String name) {
        return new EventRecord(0, offset, List.of(new TokenRenamedEvent(UUID.randomUUID(), ID, version, T, A, name)));
    }

    ReadModelChanges fold(EventRecord... records) {
        return ReadModelFold.fold(states, applied, rejected, List.of(records));
    }

    @Test
    void recordAtTheNextVersionApplies() {
        ReadModelChanges f = fold(issued(0), renamed(1, 2, "x"));
        assertEquals(2, f.applied.size());
        assertEquals("x", states.get(ID).name());
        assertEquals(2, states.get(ID).version());
    }

    @Test
    void redeliveredRecordIsSkippedNotAppliedTwice() {
        EventRecord issue = issued(0);
        EventRecord rename = renamed(1, 2, "x");
        fold(issue, rename);
        ReadModelChanges again = fold(issue, rename);
        assertTrue(again.applied.isEmpty());
        assertTrue(again.rejected.isEmpty());
        assertEquals(
                List.of('A', 'A'),
                again.outcomes.stream().map(ReadModelChanges.Outcome::code).toList());
    }

    @Test
    void staleVersionLosesTheRace() {
        fold(issued(0));
        ReadModelChanges f = fold(renamed(1, 2, "first"), renamed(2, 2, "second"));
        assertEquals(1, f.applied.size());
        assertEquals(1, f.rejected.size());
        assertEquals("first", states.get(ID).name());
        assertEquals('R', f.outcomes.get(1).code());
    }

    @Test
    void regenerationRetiresThePreviousSecret() {
        fold(issued(0));
        ReadModelChanges f = fold(new EventRecord(
                0, 1, List.of(new TokenRegeneratedEvent(UUID.randomUUID(), ID, 2, T, A, "h2", "hint2", "h1", true))));
        assertEquals("h1", f.deadSecrets.get(0).secretHash());
        assertEquals("h2", states.get(ID).secretHash());
    }

    @Test
    void sameRecordsFoldToTheSameStates() {
        List<EventRecord> log = List.of(issued(0), renamed(1, 2, "a"), renamed(2, 2, "lost"), renamed(3, 3, "b"));
        ReadModelFold.fold(states, applied, rejected, log);
        Map<UUID, Token> replayed = new HashMap<>();
        ReadModelFold.fold(replayed, new HashSet<>(), new HashSet<>(), log);
        assertEquals(states, replayed);
    }

    @Test
    void aPoisonedRecordQuarantinesItsTokenAndEvictsItsSecretEverywhere() {
        fold(issued(0));
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>("events", 0, 1L, ID.toString(), "[{}]");
        ReadModelChanges f = ReadModelFold.quarantine(
                ReadModelFold.fold(states, applied, rejected, List.of()),
                states,
                List.of(PoisonedRecord.of(record, "unknown event type x")));
        assertEquals(1, f.quarantined.size());
        assertEquals(ID, f.quarantined.get(0).tokenId());
        assertEquals("quarantined", f.invalidations.get(0).reason());
        assertEquals(List.of("h1"), f.invalidations.get(0).staleSecretHashes());
        // A record whose key names no token is dead-lettered without quarantining anything.
        var keyless = new org.apache.kafka.clients.consumer.ConsumerRecord<>("events", 0, 2L, "not-a-uuid", "x");
        ReadModelChanges g = ReadModelFold.quarantine(
                ReadModelFold.none(), states, List.of(PoisonedRecord.of(keyless, "unsigned record")));
        assertEquals(null, g.quarantined.get(0).tokenId());
        assertTrue(g.invalidations.isEmpty());
    }
}
