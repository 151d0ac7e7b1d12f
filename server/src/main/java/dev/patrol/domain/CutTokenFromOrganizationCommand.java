package dev.patrol.domain;

import java.util.UUID;

/**
 * Stop a token acting in {@code organization} while it keeps working in its others: an
 * administrator's decision (central, or of that organization), with their {@code note} for the owner.
 */
public record CutTokenFromOrganizationCommand(UUID tokenId, String organization, String note, Actor actor)
        implements TokenCommand {}
