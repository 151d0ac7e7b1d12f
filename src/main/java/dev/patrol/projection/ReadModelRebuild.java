package dev.patrol.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Token;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.KafkaClients;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebuilds the read model from the events topic: empties the {@code rm_*} tables and replays every
 * record from the beginning with the same fold as the live projector, in ONE transaction (readers
 * see the old model until it commits). Projector batches on any instance wait meanwhile (advisory
 * lock) and afterwards skip what the rebuild already folded (checkpoints). Blocking: call it on a
 * worker thread.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** What a rebuild did. */
    public record Report(long records, long events, long rejected, int tokens, long millis) {}

    @Inject
    Pool pool;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    public synchronized Report rebuild() {
        long t0 = System.nanoTime();
        String topic = config.topics().events().name();
        SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(30));
        try (KafkaConsumer<String, String> consumer =
                kafka.consumer("rebuild", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            Transaction tx = conn.begin().await().atMost(Duration.ofSeconds(30));
            try {
                conn.query("SELECT pg_advisory_xact_lock(" + ReadModelWriter.PROJECTION_LOCK + ")")
                        .execute()
                        .await()
                        .indefinitely();
                conn.query("TRUNCATE rm_token, rm_token_event, rm_rejected_record, rm_dead_secret, rm_checkpoint")
                        .execute()
                        .await()
                        .indefinitely();
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<UUID, Token> states = new HashMap<>();
                Set<UUID> applied = new HashSet<>();
                Set<UUID> rejected = new HashSet<>();
                long records = 0;
                long events = 0;
                long rejectedCount = 0;
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    var polled = consumer.poll(Duration.ofMillis(500));
                    for (TopicPartition tp : polled.partitions()) {
                        List<ConsumerRecord<String, String>> batch = polled.records(tp).stream()
                                .filter(r -> r.offset() < end.get(tp))
                                .collect(Collectors.toCollection(ArrayList::new));
                        if (batch.isEmpty()) {
                            continue;
                        }
                        // Poisoned records were dead-lettered when first projected; here they only quarantine.
                        TokenProjector.Decoded decoded = TokenProjector.decode(codec, signature, tp, batch, 0);
                        ReadModelFold fold = ReadModelFold.fold(states, applied, rejected, decoded.records())
                                .quarantine(states, decoded.poisoned());
                        fold.outcomes.clear(); // nobody waits for a replay
                        fold.invalidations.clear(); // caches already heard of these changes
                        ReadModelWriter.write(
                                        conn,
                                        fold,
                                        codec,
                                        i -> {
                                            throw new IllegalStateException("a rebuild broadcasts nothing");
                                        },
                                        topic,
                                        Map.of(
                                                tp.partition(),
                                                batch.get(batch.size() - 1).offset() + 1))
                                .await()
                                .indefinitely();
                        records += batch.size();
                        events += fold.applied.size();
                        rejectedCount += fold.rejected.size();
                    }
                }
                tx.commit().await().indefinitely();
                Report report =
                        new Report(records, events, rejectedCount, states.size(), (System.nanoTime() - t0) / 1_000_000);
                LOG.infof("read model rebuilt: %s", report);
                return report;
            } catch (RuntimeException e) {
                tx.rollback().await().indefinitely();
                throw e;
            }
        } finally {
            conn.close().await().indefinitely();
        }
    }
}
