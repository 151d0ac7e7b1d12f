package dev.patrol.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.repository.SchemaHistory;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Ready only when the database schema is the one this build expects: the newest migration shipped
 * in the artifact has been applied successfully. Queried with the reactive client, never blocking,
 * within {@link Probes#DEADLINE}: this is also the readiness check of the database (Quarkus' own
 * waits up to 20 s for a hung server).
 */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements AsyncHealthCheck {

    @Inject
    SchemaHistory history;

    @Inject
    Flyway flyway;

    private volatile String expectedVersion;

    void onStart(@Observes StartupEvent event) {
        // Blocking JDBC is fine at start; readiness then only runs one reactive query.
        MigrationInfo[] all = flyway.info().all();
        expectedVersion =
                all.length == 0 ? null : all[all.length - 1].getVersion().getVersion();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return history.appliedVersion()
                .ifNoItem()
                .after(Probes.DEADLINE)
                .fail()
                .map(this::response)
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("schema")
                        .down()
                        .withData("error", "schema history unreadable: database unreachable or past the deadline")
                        .build());
    }

    private HealthCheckResponse response(String applied) {
        boolean up = applied != null && applied.equals(expectedVersion);
        return HealthCheckResponse.named("schema")
                .status(up)
                .withData("expected", String.valueOf(expectedVersion))
                .withData("applied", String.valueOf(applied))
                .build();
    }
}
