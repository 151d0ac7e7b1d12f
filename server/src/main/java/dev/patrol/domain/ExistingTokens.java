package dev.patrol.domain;

/** What a policy does to tokens that existed before it and that it forbids. Serialized by name. */
public enum ExistingTokens {
    /** They keep working until they expire (new and changed tokens obey the policy). */
    KEEP,
    /** Refused at validation, with a problem naming the policy (GitHub's behaviour). */
    REFUSE,
    /** Revoked with reason {@code policy}, one event per token, broadcast like any revocation. */
    REVOKE
}
