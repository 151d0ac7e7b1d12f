package dev.patrol.foundation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A producer and a consumer wired through the application's own Kafka connector configuration
 * (channels {@code probe-out}/{@code probe-in} are declared in the %test profile).
 */
@ApplicationScoped
public class KafkaProbe {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("probe-out")
    private Emitter<String> out;

    void send(String value) {
        out.send(value).toCompletableFuture().join(); // completes on broker acknowledgement
    }

    List<String> received() {
        return received;
    }

    @Incoming("probe-in")
    void receive(String value) {
        received.add(value);
    }
}
