package dev.patrol.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Policies;
import dev.patrol.domain.PolicyScope;
import dev.patrol.domain.PolicySetEvent;
import dev.patrol.domain.PolicyState;
import dev.patrol.eventlog.ConsumerLoop;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Every instance reads the whole policy topic (one partition, no consumer group) and folds it in
 * memory: policies are few and small, every validation may need them, and one order of changes on
 * one partition makes every instance reach the same state. A change applies only if its version is
 * the scope's version + 1 (concurrent edits: the later one is rejected, its writer answers 409).
 * Until the topic has been read to its end, {@link #current()} is unknown and callers fail closed.
 */
@ApplicationScoped
public class PolicyLog {

    private static final Logger LOG = Logger.getLogger(PolicyLog.class);

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    @Inject
    EventSignature signature;

    @Inject
    dev.patrol.eventlog.PolicyEventCodec codec;

    private final Map<UUID, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final List<PolicySetEvent> history = new ArrayList<>();
    private final Counter refused;
    private volatile Policies current;
    private ConsumerLoop loop;

    @Inject
    public PolicyLog(MeterRegistry registry) {
        refused = registry.counter("patrol.policy.records.refused");
    }

    /** After the topics exist (priority 10), before the projector (20). */
    void onStart(@Observes @Priority(15) StartupEvent event) {
        start();
        awaitCaughtUp(Duration.ofSeconds(30));
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
        }
    }

    synchronized void start() {
        if (loop != null) {
            return;
        }
        TopicPartition tp = new TopicPartition(config.topics().policies().name(), 0);
        Map<PolicyScope, PolicyState> states = new HashMap<>();
        loop = ConsumerLoop.start(
                "policy-log", kafka.consumer("policies", Map.of()), Duration.ofMillis(200), new ConsumerLoop.Handler() {
                    /** The topic's end when reading began; -1: not assigned yet, or again after a failure. */
                    private long end = -1;

                    @Override
                    public boolean beforePoll(KafkaConsumer<String, String> c) {
                        if (end < 0) {
                            c.assign(List.of(tp));
                            c.seekToBeginning(List.of(tp));
                            states.clear(); // read again from the beginning: the fold starts over
                            end = c.endOffsets(List.of(tp), Duration.ofSeconds(10))
                                    .get(tp);
                        }
                        return true;
                    }

                    @Override
                    public void handle(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
                        records.forEach(r -> apply(states, r));
                        if (current == null && c.position(tp, Duration.ofSeconds(10)) >= end) {
                            current = new Policies(states);
                            LOG.infof("policies read: %d scope(s)", states.size());
                        }
                    }
                });
    }

    /** The policies in force, or null until the topic has been read to its end (fail closed). */
    public Policies current() {
        return current;
    }

    /** The applied changes, oldest first. */
    public synchronized List<PolicySetEvent> history() {
        return List.copyOf(history);
    }

    /** Call before sending a record, so that its outcome cannot pass unseen. */
    public void expect(UUID eventId) {
        waiting.put(eventId, new CompletableFuture<>());
    }

    public void forget(UUID eventId) {
        waiting.remove(eventId);
    }

    /** True applied, false rejected (lost a race), null not seen within the timeout. */
    public Uni<Boolean> outcome(UUID eventId, Duration timeout) {
        CompletableFuture<Boolean> f = waiting.get(eventId);
        if (f == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(f).ifNoItem().after(timeout).recoverWithItem(() -> null);
    }

    void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (current == null) {
            LOG.warn("policy topic not read to its end yet: writes and validations fail closed until it is");
        }
    }

    private void apply(Map<PolicyScope, PolicyState> states, ConsumerRecord<String, String> r) {
        String refusal = signature.refusal(r.key(), r.value(), r.headers(), r.timestamp());
        PolicySetEvent e = null;
        if (refusal == null) {
            try {
                e = codec.decode(r.value());
                if (!e.scope().equals(r.key())) {
                    refusal = "record key does not match the policy scope";
                }
            } catch (EventCodec.MalformedEventException ex) {
                refusal = ex.getMessage();
            }
        }
        if (refusal != null) {
            // Whoever can write the topic but not sign cannot change a policy: ignored, counted, logged.
            refused.increment();
            LOG.errorf("ignoring policy record at offset %d: %s", r.offset(), refusal);
            return;
        }
        PolicyScope scope;
        try {
            scope = PolicyScope.parse(e.scope());
        } catch (IllegalArgumentException ex) {
            refused.increment();
            LOG.errorf("ignoring policy record at offset %d: unknown scope", r.offset());
            return;
        }
        PolicyState before = states.get(scope);
        boolean applies = e.version() == (before == null ? 0 : before.version()) + 1;
        if (applies) {
            states.put(scope, PolicyState.apply(before, e));
            synchronized (this) {
                history.add(e);
            }
            if (current != null) {
                current = new Policies(states);
            }
        }
        CompletableFuture<Boolean> f = waiting.get(e.eventId());
        if (f != null) {
            f.complete(applies);
        }
    }
}
