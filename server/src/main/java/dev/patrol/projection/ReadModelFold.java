package dev.patrol.projection;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.Invalidation;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenEvolver;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenRegeneratedEvent;
import dev.patrol.repository.ReadModelChanges;
import dev.patrol.repository.ReadModelChanges.Applied;
import dev.patrol.repository.ReadModelChanges.DeadSecret;
import dev.patrol.repository.ReadModelChanges.Outcome;
import dev.patrol.repository.ReadModelChanges.Quarantined;
import dev.patrol.repository.ReadModelChanges.Rejected;

/**
 * Folds event records into read-model changes, deterministically: a record applies only if its
 * first event's version is the token's version + 1; an already-seen record is a duplicate (skipped);
 * anything else lost a race or is inconsistent and is rejected. The live projector and the rebuild
 * both use this, so a replay produces the same rows.
 */
final class ReadModelFold {

    private final ReadModelChanges changes = new ReadModelChanges();

    private ReadModelFold() {}

    /** Nothing to change. */
    static ReadModelChanges none() {
        return new ReadModelChanges();
    }

    /**
     * Quarantines the tokens that {@code poisoned} records name, and tells every edge cache to drop
     * what it holds for them (fail closed: the record might have revoked the token).
     */
    static ReadModelChanges quarantine(
            ReadModelChanges changes, Map<UUID, Token> states, List<PoisonedRecord> poisoned) {
        for (PoisonedRecord p : poisoned) {
            var r = p.record();
            java.time.Instant at = java.time.Instant.ofEpochMilli(r.timestamp());
            changes.quarantined.add(new Quarantined(r.partition(), r.offset(), p.tokenId(), p.reason(), at));
            Token token = p.tokenId() == null ? null : states.get(p.tokenId());
            if (token != null) {
                changes.invalidations.add(Invalidation.quarantined(token, r.partition(), r.offset(), at));
            }
        }
        return changes;
    }

    /**
     * @param states current token states by id; updated in place with the results
     * @param appliedIds ids of records already applied; updated in place
     * @param rejectedIds ids of records already rejected; updated in place
     */
    static ReadModelChanges fold(
            Map<UUID, Token> states, Set<UUID> appliedIds, Set<UUID> rejectedIds, List<EventRecord> records) {
        ReadModelFold fold = new ReadModelFold();
        for (EventRecord r : records) {
            fold.foldOne(states, appliedIds, rejectedIds, r);
        }
        return fold.changes;
    }

    private void foldOne(Map<UUID, Token> states, Set<UUID> appliedIds, Set<UUID> rejectedIds, EventRecord r) {
        TokenEvent first = r.first();
        if (appliedIds.contains(first.eventId())) {
            changes.outcomes.add(new Outcome(first.eventId(), 'A'));
            return;
        }
        if (rejectedIds.contains(first.eventId())) {
            changes.outcomes.add(new Outcome(first.eventId(), 'R'));
            return;
        }
        Token state = states.get(first.tokenId());
        String problem = check(state, r.events());
        if (problem != null) {
            changes.rejected.add(new Rejected(first, problem, r.partition(), r.offset()));
            rejectedIds.add(first.eventId());
            changes.outcomes.add(new Outcome(first.eventId(), 'R'));
            return;
        }
        for (TokenEvent e : r.events()) {
            if (e instanceof TokenRegeneratedEvent regenerated) {
                changes.deadSecrets.add(new DeadSecret(
                        regenerated.previousSecretHash(), e.tokenId(), e.occurredAt(), regenerated.selfRotation()));
            }
            Invalidation invalidation = state == null ? null : Invalidation.of(state, e);
            if (invalidation != null) {
                changes.invalidations.add(invalidation);
            }
            state = TokenEvolver.apply(state, e);
            changes.applied.add(new Applied(e, r.partition(), r.offset()));
        }
        states.put(state.tokenId(), state);
        changes.changed.put(state.tokenId(), state);
        appliedIds.add(first.eventId());
        changes.outcomes.add(new Outcome(first.eventId(), 'A'));
    }

    private static String check(Token state, List<TokenEvent> events) {
        long expected = state == null ? 1 : state.version() + 1;
        UUID tokenId = events.get(0).tokenId();
        for (TokenEvent e : events) {
            if (!e.tokenId().equals(tokenId)) {
                return "events of one record name different tokens";
            }
            if (e.version() != expected) {
                return "stale version " + events.get(0).version() + ", token is at "
                        + (state == null ? 0 : state.version());
            }
            if ((e instanceof TokenIssuedEvent) != (expected == 1)) {
                return expected == 1 ? "token does not exist" : "token exists already";
            }
            if (state != null && state.isRevoked()) {
                return "token is revoked";
            }
            expected++;
        }
        return null;
    }
}
