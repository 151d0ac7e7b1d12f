package dev.patrol.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The networks a token may be used from are now these (canonical CIDR blocks, {@link Networks});
 * empty: any address. A token created with networks gets this event in the same record as its
 * {@link TokenIssuedEvent}: an instance too old to know it quarantines the record, so it refuses the
 * token instead of letting it act from anywhere.
 */
public record TokenNetworksChangedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, List<String> allowedNetworks)
        implements TokenEvent {

    public TokenNetworksChangedEvent {
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    public static final String TYPE = "patrol.token.networks-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
