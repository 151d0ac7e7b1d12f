package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a token. Every event carries the resulting state it changes, so
 * applying it (replay) runs no business logic. {@link #type()} is the stable wire name.
 */
public sealed interface TokenEvent
        permits TokenIssuedEvent,
                TokenRenamedEvent,
                TokenScopesChangedEvent,
                TokenExpiryChangedEvent,
                TokenExpiryEmailsChangedEvent,
                TokenNetworksChangedEvent,
                TokenCutFromOrganizationEvent,
                TokenApprovedInOrganizationEvent,
                TokenJustificationChangedEvent,
                TokenRegeneratedEvent,
                TokenRevokedEvent {

    UUID eventId();

    UUID tokenId();

    /** The token's version once this event is applied: the version it was decided against + 1. */
    long version();

    Instant occurredAt();

    Actor actor();

    String type();
}
