package dev.patrol.validation;

import dev.patrol.domain.Token;

/**
 * What an unauthenticated caller that names a secret (an RFC 7009 revocation, a leak report) may act
 * on: the token whose current secret it is, nothing, or a lookup refused by load shedding.
 */
public sealed interface NamedSecret {

    /** The token whose current secret was named (active or not: the caller decides). */
    record Found(Token token) implements NamedSecret {}

    /** Not a current secret: malformed, unknown, or dead (a tombstone says so without a lookup). */
    record Nothing() implements NamedSecret {}

    /** The lookup budget refused it: the client's share (429) or the instance's bound (503). */
    record Shed(Validation.Unavailable unavailable) implements NamedSecret {}
}
