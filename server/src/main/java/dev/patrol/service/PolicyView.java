package dev.patrol.service;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.domain.PolicySetEvent;
import dev.patrol.domain.PolicyState;

/**
 * A scope's policy: its rules, its version (send it back as {@code If-Match} to avoid overwriting a
 * concurrent change), who set it and when. {@code revoked}: tokens a {@code revoke} policy revoked
 * when it was set (only in the answer to that change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyView(
        String scope,
        long version,
        Instant since,
        String setBy,
        String setByKind,
        PolicyDocument policy,
        Integer revoked) {

    static PolicyView of(PolicyState s) {
        return new PolicyView(
                s.scope().toString(),
                s.version(),
                s.since(),
                s.setBy().id(),
                s.setBy().kind().name(),
                PolicyDocument.of(s.policy()),
                null);
    }

    static PolicyView of(PolicySetEvent e, Integer revoked) {
        return new PolicyView(
                e.scope(),
                e.version(),
                e.occurredAt(),
                e.actor().id(),
                e.actor().kind().name(),
                PolicyDocument.of(e.policy()),
                revoked);
    }
}
