package dev.patrol.health;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.eventlog.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers. Replaces Quarkus' own Kafka check, which waits for the
 * cluster without a deadline (a hung broker hung the readiness probe): this one answers DOWN within
 * {@link Probes#DEADLINE}.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    @Inject
    KafkaClients kafka;

    private volatile Admin admin;

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin.describeCluster(
                                new DescribeClusterOptions().timeoutMs((int) Probes.DEADLINE.toMillis()))
                        .nodes()
                        .toCompletionStage())
                .ifNoItem()
                .after(Probes.DEADLINE)
                .fail()
                .map(nodes -> HealthCheckResponse.named("kafka")
                        .status(!nodes.isEmpty())
                        .withData(
                                "nodes",
                                nodes.stream()
                                        .map(n -> n.host() + ":" + n.port())
                                        .collect(Collectors.joining(",")))
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("kafka")
                        .down()
                        .withData("error", "no answer from the cluster within " + Probes.DEADLINE.toMillis() + " ms")
                        .build());
    }

    // Built at start, not in a probe: building a client resolves the bootstrap addresses (blocking).
    void onStart(@Observes StartupEvent event) {
        admin = kafka.admin();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
