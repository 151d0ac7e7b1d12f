package dev.patrol.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.KafkaClients;
import dev.patrol.repository.ReadModelChanges;
import dev.patrol.repository.ReadModelStore;
import dev.patrol.repository.ReadModelWriter;
import dev.patrol.repository.ShadowReadModel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebuilds the read model from the events topic into shadow tables and switches to them at once, so
 * validation and listings keep answering from the old model during the replay:
 *
 * <ol>
 *   <li>copies of the {@code rm_*} tables the fold writes (same columns, constraints and index names)
 *       are created in a schema of their own ({@link ShadowReadModel});
 *   <li>the topic is replayed from the beginning into them, with the same fold as the live projector,
 *       up to the offsets the live projector has folded — no lock is held on the live tables;
 *   <li>in one short transaction holding the projection lock (projector batches wait): the records
 *       the live projector folded meanwhile are replayed too, the live tables are moved aside and the
 *       shadow tables take their place. Both models now stand at the same offsets, so whatever the
 *       live projector has not folded yet it folds next, with its invalidations and outcomes.
 * </ol>
 *
 * Tables that are not a fold of the topic ({@code rm_quarantine} with operators' resolutions, the
 * outbox, notices, last use) are not copied: the replay writes the live ones, as the projector does.
 * One rebuild at a time across instances (an advisory lock). Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * What a rebuild did. Of its {@code millis}: {@code replayMillis} replaying the topic into the
     * shadow tables, {@code indexMillis} building their other indexes, {@code switchMillis} holding
     * the live tables locked.
     */
    public record Report(
            long records,
            long events,
            long rejected,
            int tokens,
            long millis,
            long replayMillis,
            long indexMillis,
            long switchMillis) {}

    /** Another rebuild (on this or another instance) is running. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("a rebuild of the read model is already running", null, false, false);
        }
    }

    @Inject
    ReadModelStore store;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    /** What the replay has done so far. The fold's states are in the shadow tables, not in memory. */
    private static final class Replay {
        long records;
        long events;
        long rejectedCount;
        int tokens;
    }

    public Report rebuild() {
        long t0 = System.nanoTime();
        String topic = config.topics().events().name();
        try (ShadowReadModel shadow = store.shadow(DEADLINE);
                KafkaConsumer<String, String> consumer =
                        kafka.consumer("rebuild", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            if (!shadow.start()) {
                throw new AlreadyRunning();
            }
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Replay replay = new Replay();

            long r0 = System.nanoTime();
            shadow.replay(topic, step -> replay(step, consumer, topic, partitions, replay));
            long i0 = System.nanoTime();
            shadow.copyIndexes();
            long s0 = System.nanoTime();
            shadow.switchTables(topic, step -> replay(step, consumer, topic, partitions, replay));
            long switchMillis = (System.nanoTime() - s0) / 1_000_000;
            replay.tokens = shadow.tokensAfterSwitch();
            Report report = new Report(
                    replay.records,
                    replay.events,
                    replay.rejectedCount,
                    replay.tokens,
                    (System.nanoTime() - t0) / 1_000_000,
                    (i0 - r0) / 1_000_000,
                    (s0 - i0) / 1_000_000,
                    switchMillis);
            LOG.infof("read model rebuilt: %s", report);
            return report;
        }
    }

    /** Folds every partition's records up to the step's bound (exclusive) into the tables it writes. */
    private void replay(
            ShadowReadModel.ReplayStep step,
            KafkaConsumer<String, String> consumer,
            String topic,
            List<TopicPartition> partitions,
            Replay replay) {
        Map<TopicPartition, Long> until = new HashMap<>();
        step.until().forEach((p, o) -> until.put(new TopicPartition(topic, p), o));
        List<TopicPartition> behind = partitions.stream()
                .filter(tp -> consumer.position(tp) < until.getOrDefault(tp, 0L))
                .toList();
        consumer.resume(consumer.assignment());
        consumer.pause(partitions.stream().filter(tp -> !behind.contains(tp)).toList());
        while (behind.stream().anyMatch(tp -> consumer.position(tp) < until.get(tp))) {
            var polled = consumer.poll(Duration.ofMillis(500));
            for (TopicPartition tp : polled.partitions()) {
                long end = until.getOrDefault(tp, 0L);
                List<ConsumerRecord<String, String>> batch = polled.records(tp).stream()
                        .filter(r -> r.offset() < end)
                        .collect(Collectors.toCollection(ArrayList::new));
                if (batch.isEmpty()) {
                    continue;
                }
                // Poisoned records were dead-lettered when first projected; here they only quarantine.
                TokenProjector.Decoded decoded = TokenProjector.decode(codec, signature, tp, batch, 0);
                // The live projector announced, broadcast and noticed these when it folded them.
                ReadModelChanges changes = TokenProjector.fold(step.tx(), decoded)
                        .await()
                        .atMost(DEADLINE)
                        .replayed();
                ReadModelWriter.write(
                                step.tx(),
                                changes,
                                codec,
                                i -> {
                                    throw new IllegalStateException("a rebuild broadcasts nothing");
                                },
                                topic,
                                Map.of(
                                        tp.partition(),
                                        batch.get(batch.size() - 1).offset() + 1))
                        .await()
                        .atMost(DEADLINE);
                replay.records += batch.size();
                replay.events += changes.applied.size();
                replay.rejectedCount += changes.rejected.size();
            }
        }
        // A poll may have fetched past the bound: the next replay starts exactly there.
        behind.forEach(tp -> consumer.seek(tp, until.get(tp)));
    }
}
