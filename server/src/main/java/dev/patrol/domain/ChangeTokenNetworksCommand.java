package dev.patrol.domain;

import java.util.List;
import java.util.UUID;

/** Replace the networks a token may be used from (CIDR blocks; empty: any address). */
public record ChangeTokenNetworksCommand(UUID tokenId, List<String> allowedNetworks, Actor actor)
        implements TokenCommand {}
