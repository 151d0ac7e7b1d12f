package dev.patrol.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.patrol.domain.Invalidation;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenEvent;

/**
 * What a folded batch of event records changes in the read model: the projection decides it
 * (dev.patrol.projection.ReadModelFold), {@link ReadModelWriter} writes it in the batch's transaction.
 */
public final class ReadModelChanges {

    /** An applied event and where it came from. */
    public record Applied(TokenEvent event, int partition, long offset) {}

    /** A record that was not applied; the command that wrote it answers 409. */
    public record Rejected(TokenEvent first, String reason, int partition, long offset) {}

    /** A secret replaced by a regeneration. */
    public record DeadSecret(String secretHash, UUID tokenId, Instant retiredAt, boolean selfRotation) {}

    /** A record that will not be applied; the token it names is refused until an operator resolves it. */
    public record Quarantined(int partition, long offset, UUID tokenId, String reason, Instant at) {}

    /** Outcome code published to waiting commands: A applied (or already applied), R rejected. */
    public record Outcome(UUID firstEventId, char code) {}

    /** The tokens' new states, by id. */
    public final Map<UUID, Token> changed = new LinkedHashMap<>();

    public final List<Applied> applied = new ArrayList<>();
    public final List<Rejected> rejected = new ArrayList<>();
    public final List<DeadSecret> deadSecrets = new ArrayList<>();
    public final List<Outcome> outcomes = new ArrayList<>();
    public final List<Quarantined> quarantined = new ArrayList<>();
    /** What the revocation broadcast must tell the edges, in order. */
    public final List<Invalidation> invalidations = new ArrayList<>();

    private boolean replayed;

    /** These changes as a replay (a rebuild): rows only, no outcomes, invalidations or notices. */
    public ReadModelChanges replayed() {
        outcomes.clear();
        invalidations.clear();
        replayed = true;
        return this;
    }

    /** A replay of records the live projector folded before: it announced, broadcast and noticed them. */
    public boolean isReplay() {
        return replayed;
    }
}
