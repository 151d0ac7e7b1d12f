package dev.patrol.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.Token;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenEvolver;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenRegeneratedEvent;
import dev.patrol.edge.Invalidation;

/**
 * Folds event records into read-model changes, deterministically: a record applies only if its
 * first event's version is the token's version + 1; an already-seen record is a duplicate (skipped);
 * anything else lost a race or is inconsistent and is rejected. The live projector and the rebuild
 * both use this, so a replay produces the same rows.
 */
final class ReadModelFold {

    /** An applied event and where it came from. */
    record Applied(TokenEvent event, int partition, long offset) {}

    /** A record that was not applied; the command that wrote it answers 409. */
    record Rejected(TokenEvent first, String reason, int partition, long offset) {}

    /** A secret replaced by a regeneration. */
    record DeadSecret(String secretHash, UUID tokenId, java.time.Instant retiredAt, boolean selfRotation) {}

    /** A record that will not be applied; the token it names is refused until an operator resolves it. */
    record Quarantined(int partition, long offset, UUID tokenId, String reason, java.time.Instant at) {}

    /** Outcome code published to waiting commands: A applied (or already applied), R rejected. */
    record Outcome(UUID firstEventId, char code) {}

    final Map<UUID, Token> changed = new LinkedHashMap<>();
    final List<Applied> applied = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    final List<DeadSecret> deadSecrets = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    final List<Quarantined> quarantined = new ArrayList<>();
    /** What the revocation broadcast must tell the edges, in order. */
    final List<Invalidation> invalidations = new ArrayList<>();
    /** A replay of records the live projector folded before: it announced, broadcast and noticed them. */
    boolean replayed;

    /** This fold as a replay (a rebuild): rows only, no outcomes, invalidations or notices. */
    ReadModelFold replayed() {
        outcomes.clear();
        invalidations.clear();
        replayed = true;
        return this;
    }

    /**
     * @param states current token states by id; updated in place with the results
     * @param appliedIds ids of records already applied; updated in place
     * @param rejectedIds ids of records already rejected; updated in place
     */
    /**
     * Quarantines the tokens that {@code poisoned} records name, and tells every edge cache to drop
     * what it holds for them (fail closed: the record might have revoked the token).
     */
    ReadModelFold quarantine(Map<UUID, Token> states, List<PoisonedRecord> poisoned) {
        for (PoisonedRecord p : poisoned) {
            var r = p.record();
            java.time.Instant at = java.time.Instant.ofEpochMilli(r.timestamp());
            quarantined.add(new Quarantined(r.partition(), r.offset(), p.tokenId(), p.reason(), at));
            Token token = p.tokenId() == null ? null : states.get(p.tokenId());
            if (token != null) {
                invalidations.add(Invalidation.quarantined(token, r.partition(), r.offset(), at));
            }
        }
        return this;
    }

    static ReadModelFold fold(
            Map<UUID, Token> states, Set<UUID> appliedIds, Set<UUID> rejectedIds, List<EventRecord> records) {
        ReadModelFold result = new ReadModelFold();
        for (EventRecord r : records) {
            result.foldOne(states, appliedIds, rejectedIds, r);
        }
        return result;
    }

    private void foldOne(Map<UUID, Token> states, Set<UUID> appliedIds, Set<UUID> rejectedIds, EventRecord r) {
        TokenEvent first = r.first();
        if (appliedIds.contains(first.eventId())) {
            outcomes.add(new Outcome(first.eventId(), 'A'));
            return;
        }
        if (rejectedIds.contains(first.eventId())) {
            outcomes.add(new Outcome(first.eventId(), 'R'));
            return;
        }
        Token state = states.get(first.tokenId());
        String problem = check(state, r.events());
        if (problem != null) {
            rejected.add(new Rejected(first, problem, r.partition(), r.offset()));
            rejectedIds.add(first.eventId());
            outcomes.add(new Outcome(first.eventId(), 'R'));
            return;
        }
        for (TokenEvent e : r.events()) {
            if (e instanceof TokenRegeneratedEvent regenerated) {
                deadSecrets.add(new DeadSecret(
                        regenerated.previousSecretHash(), e.tokenId(), e.occurredAt(), regenerated.selfRotation()));
            }
            Invalidation invalidation = state == null ? null : Invalidation.of(state, e);
            if (invalidation != null) {
                invalidations.add(invalidation);
            }
            state = TokenEvolver.apply(state, e);
            applied.add(new Applied(e, r.partition(), r.offset()));
        }
        states.put(state.tokenId(), state);
        changed.put(state.tokenId(), state);
        appliedIds.add(first.eventId());
        outcomes.add(new Outcome(first.eventId(), 'A'));
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
