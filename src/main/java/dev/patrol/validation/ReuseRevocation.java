package dev.patrol.validation;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What the read path needs from the write side when a replaced secret is presented again: the
 * whole token revoked, as a command like any other. Implemented by the write path, so validation
 * never depends on it.
 */
public interface ReuseRevocation {

    /** Revokes {@code tokenId} for reuse of a replaced secret; completes when the outcome is known. */
    Uni<Void> revoke(UUID tokenId);
}
