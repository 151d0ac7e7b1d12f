package dev.patrol.validation;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What the read path needs from the write side when a replaced secret is presented again: the
 * whole token revoked, as a command like any other. Implemented by the write path, so validation
 * never depends on it.
 */
public interface ReuseRevocation {

    /**
     * Revokes {@code tokenId} for reuse of a replaced secret, recording who presented it; completes
     * with whether the token is revoked now (false: the outcome is not known, try again next time).
     */
    Uni<Boolean> revoke(UUID tokenId, Presenter presenter);
}
