package dev.patrol.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.repository.Quarantine;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows operators what the projector would not apply. Stays UP: the quarantined tokens are refused
 * (fail closed) and everything else works, so taking the instance out of service would help no one.
 */
@Readiness
@ApplicationScoped
public class EventLogReadinessCheck implements AsyncHealthCheck {

    @Inject
    Quarantine quarantine;

    @Override
    public Uni<HealthCheckResponse> call() {
        return quarantine
                .counts()
                .ifNoItem()
                .after(Probes.DEADLINE)
                .fail()
                .map(c -> HealthCheckResponse.named("event-log")
                        .up()
                        .withData("quarantinedRecords", c.records())
                        .withData("quarantinedTokens", c.tokens())
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("event-log")
                        .up()
                        .withData("quarantine", "unreadable")
                        .build());
    }
}
