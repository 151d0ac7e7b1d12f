package dev.patrol.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.edge.InvalidationPublisher;
import dev.patrol.eventlog.ConsumerLoop;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.KafkaClients;
import dev.patrol.repository.ReadModelChanges;
import dev.patrol.repository.ReadModelStore;
import dev.patrol.repository.ReadModelTransaction;
import dev.patrol.repository.ReadModelWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Consumes the events topic in a consumer group and folds each polled batch into the read model in
 * ONE transaction together with the next offsets ({@code rm_checkpoint}). Positions come from the
 * database, never from Kafka's committed offsets, so a crash at any point neither loses nor
 * double-applies a record. Runs on its own thread (Kafka's consumer is blocking by design).
 */
@ApplicationScoped
public class TokenProjector {

    private static final Logger LOG = Logger.getLogger(TokenProjector.class);

    @Inject
    ReadModelStore store;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    InvalidationOutbox outbox;

    @Inject
    dev.patrol.notice.NoticePublisher notices;

    @Inject
    PatrolConfig config;

    @Inject
    InvalidationPublisher publisher;

    @Inject
    KafkaClients kafka;

    private ConsumerLoop loop;
    private KafkaConsumer<String, String> consumer;
    private boolean subscribed;
    /**
     * Partitions whose position is past what the database holds (a batch failed after the poll
     * moved on): paused, and sought back to their checkpoints before they are read again. Only the
     * loop's thread touches it (the rebalance listener runs inside its poll).
     */
    private final Set<TopicPartition> toSeek = new HashSet<>();

    @Inject
    MeterRegistry registry;

    /**
     * Records of this instance's partitions not folded yet, as of the last poll (the broker's end
     * offsets against the positions): -1 until the first poll knows. Written by the loop's thread.
     */
    private volatile long lag = -1;

    /** Partitions of the events topic this instance projects, as of the last poll. Written by the loop's thread. */
    private volatile int partitions;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        // What an operator watches while a restored read model catches up, and which instances
        // project after a rebalance (docs/operations.md).
        registry.gauge("patrol.projection.lag", this, p -> p.lag);
        registry.gauge("patrol.projection.partitions", this, p -> p.partitions);
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts consuming (idempotent). */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        consumer = kafka.consumer(
                "projector",
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        config.projection().groupId(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        (int) config.projection().fetchMaxWait().toMillis(),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        config.projection().maxPollRecords(),
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        (int) config.projection().sessionTimeout().toMillis(),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        (int) config.projection().heartbeatInterval().toMillis(),
                        // A joining or leaving instance moves only the partitions that change owner;
                        // the others keep projecting through the rebalance.
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName()));
        subscribed = false;
        toSeek.clear();
        loop = ConsumerLoop.start("token-projector", consumer, Duration.ofMillis(500), new ConsumerLoop.Handler() {
            @Override
            public boolean beforePoll(KafkaConsumer<String, String> c) {
                if (!subscribed) {
                    subscribe(c);
                    subscribed = true;
                }
                if (!toSeek.isEmpty()) {
                    // Never read on from a position the database does not hold: that would skip records.
                    // (A failure here, the database away, is safe: a batch never folds records below
                    // the checkpoint it reads in its own transaction.)
                    toSeek.retainAll(c.assignment());
                    seekToCheckpoints(toSeek);
                    c.resume(toSeek);
                    toSeek.clear();
                }
                return true;
            }

            @Override
            public void handle(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
                if (!records.isEmpty()) {
                    project(records);
                }
                lag = lag(c);
                partitions = c.assignment().size();
            }
        });
    }

    /** The sum of what the last fetches said each assigned partition lags (no call to the broker). */
    private long lag(KafkaConsumer<String, String> c) {
        long sum = 0;
        for (TopicPartition tp : c.assignment()) {
            OptionalLong behind = c.currentLag(tp);
            if (behind.isEmpty()) {
                return lag; // not fetched yet: keep what was known
            }
            sum += behind.getAsLong();
        }
        return sum;
    }

    /** Stops consuming and waits for the batch in progress to finish (idempotent). */
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        loop.stop(Duration.ofSeconds(30));
        loop = null;
    }

    private void subscribe(KafkaConsumer<String, String> c) {
        c.subscribe(List.of(config.topics().events().name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // nothing to flush: every batch is committed to the database before the next poll
                toSeek.removeAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                try {
                    seekToCheckpoints(partitions);
                } catch (RuntimeException e) {
                    LOG.errorf("token projector: cannot read checkpoints (%s); retrying", e.toString());
                    c.pause(partitions);
                    toSeek.addAll(partitions);
                }
            }
        });
    }

    private void project(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, String>> batch = records.records(tp);
                try {
                    Projected projected = applyBatch(tp, batch).await().atMost(Duration.ofSeconds(60));
                    if (!projected.changes().invalidations.isEmpty()) {
                        outbox.flushSoon(); // committed with the batch; a cache miss then reads the new state
                    }
                    if (projected.notices() > 0) {
                        notices.flush().subscribe().with(n -> {}); // else the scheduler's next tick sends them
                    }
                    done.put(
                            tp,
                            new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
                } catch (RuntimeException e) {
                    // Nothing of the failed batch is committed: go back to what the database holds and
                    // retry (before the next poll, however long the database takes to come back).
                    consumer.pause(consumer.assignment());
                    toSeek.addAll(consumer.assignment());
                    throw new IllegalStateException(
                            "projecting " + tp + " failed (" + e + "); going back to the database checkpoint", e);
                }
            }
        } finally {
            if (!done.isEmpty()) {
                consumer.commitAsync(done, null); // for lag monitoring only; positions come from rm_checkpoint
            }
        }
    }

    /** A batch committed: what it changed, and how many security notices it owed. */
    record Projected(ReadModelChanges changes, int notices) {}

    Uni<Projected> applyBatch(TopicPartition tp, List<ConsumerRecord<String, String>> batch) {
        return store.inBatch(tp.topic(), tp.partition(), (tx, next) -> {
            Decoded fresh = decode(codec, signature, tp, batch, next);
            long nextOffset = Math.max(next, batch.get(batch.size() - 1).offset() + 1);
            // Dead letters are sent before the batch commits: if it is retried they are sent
            // again (at least once), never lost.
            return deadLetters
                    .send(fresh.poisoned())
                    .chain(() -> fold(tx, fresh))
                    .chain(changes -> ReadModelWriter.write(
                                    tx,
                                    changes,
                                    codec,
                                    publisher::message,
                                    tp.topic(),
                                    Map.of(tp.partition(), nextOffset))
                            .map(notices -> new Projected(changes, notices)));
        });
    }

    /**
     * Folds a decoded batch onto the states its tokens have in the tables the transaction sees, with
     * the record ids already applied or rejected there: memory holds one batch, however long the topic.
     */
    static Uni<ReadModelChanges> fold(ReadModelTransaction tx, Decoded decoded) {
        List<EventRecord> records = decoded.records();
        if (records.isEmpty() && decoded.poisoned().isEmpty()) {
            return Uni.createFrom().item(ReadModelFold.none());
        }
        UUID[] tokenIds = java.util.stream.Stream.concat(
                        records.stream().map(r -> r.first().tokenId()),
                        decoded.poisoned().stream().map(PoisonedRecord::tokenId).filter(java.util.Objects::nonNull))
                .distinct()
                .toArray(UUID[]::new);
        UUID[] recordIds = records.stream().map(r -> r.first().eventId()).toArray(UUID[]::new);
        return ReadModelStore.seen(tx, tokenIds, recordIds)
                .map(seen -> ReadModelFold.quarantine(
                        ReadModelFold.fold(seen.states(), seen.applied(), seen.rejected(), records),
                        seen.states(),
                        decoded.poisoned()));
    }

    /** A polled batch, verified and decoded: what to fold and what to quarantine. */
    record Decoded(List<EventRecord> records, List<PoisonedRecord> poisoned) {}

    /**
     * Verifies and decodes the records at or after {@code from}. A record not signed by a trusted key,
     * not decodable or of an unknown type is never applied and never silently skipped: it is logged
     * and returned as poisoned (dead-lettered, its token quarantined).
     */
    static Decoded decode(
            EventCodec codec,
            EventSignature signature,
            TopicPartition tp,
            List<ConsumerRecord<String, String>> batch,
            long from) {
        List<EventRecord> out = new ArrayList<>(batch.size());
        List<PoisonedRecord> poisoned = new ArrayList<>();
        for (ConsumerRecord<String, String> r : batch) {
            if (r.offset() < from) {
                continue; // folded before (e.g. by a rebuild or before a crash)
            }
            String refusal = signature.refusal(r.key(), r.value(), r.headers(), r.timestamp());
            if (refusal == null) {
                try {
                    out.add(new EventRecord(r.partition(), r.offset(), codec.decode(r.value())));
                    continue;
                } catch (EventCodec.MalformedEventException e) {
                    refusal = e.getMessage();
                }
            }
            PoisonedRecord p = PoisonedRecord.of(r, refusal);
            LOG.errorf("quarantining record %s@%d: %s", tp, r.offset(), p.reason());
            poisoned.add(p);
        }
        return new Decoded(out, poisoned);
    }

    private void seekToCheckpoints(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> checkpoints =
                store.checkpoints(config.topics().events().name(), Duration.ofSeconds(30));
        for (TopicPartition tp : partitions) {
            Long next = checkpoints.get(tp.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
            }
        }
    }
}
