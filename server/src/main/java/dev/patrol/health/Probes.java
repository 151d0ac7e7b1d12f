package dev.patrol.health;

import java.time.Duration;

/** What every readiness check of Patrol's own shares. */
final class Probes {

    /**
     * The longest a readiness check waits for its dependency: a probe with a 1 s timeout must see an
     * answer (DOWN), not a timeout, when the dependency hangs instead of refusing connections.
     */
    static final Duration DEADLINE = Duration.ofMillis(700);

    private Probes() {}
}
