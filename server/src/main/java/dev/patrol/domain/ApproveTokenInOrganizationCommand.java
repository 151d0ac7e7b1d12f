package dev.patrol.domain;

import java.util.UUID;

/** An organization's administrator lets a token act there, as it now is; {@code note}: their words, optional. */
public record ApproveTokenInOrganizationCommand(UUID tokenId, String organization, String note, Actor actor)
        implements TokenCommand {}
