package dev.patrol.write;

import java.util.UUID;

import dev.patrol.domain.Rejection;
import dev.patrol.domain.Token;

/** How a command ended, as the REST layer needs to know it. */
public sealed interface CommandResult {

    /** Applied by the projector (or nothing to change): the token as the read model now holds it. */
    record Applied(Token token) implements CommandResult {}

    /** Refused by the decision, or lost a concurrent race at the projector. */
    record Rejected(Rejection rejection) implements CommandResult {}

    /** Written (maybe) but its outcome is not known in time: never reported as success. */
    record Unknown(UUID eventId) implements CommandResult {}
}
