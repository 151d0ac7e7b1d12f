package dev.patrol.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Invalidation;
import dev.patrol.eventlog.ConsumerLoop;
import dev.patrol.eventlog.KafkaClients;
import dev.patrol.repository.CommitNotices;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * This instance's ear on the revocation broadcast: reads ALL partitions from the latest offset (no
 * consumer group: every instance hears everything) and applies each message to the edge cache.
 * Whenever it cannot be sure it heard everything (start, errors) it flushes the cache. The same
 * messages also arrive earlier from the database when a projector commits them ({@link
 * CommitNotices#INVALIDATION_CHANNEL}); the broadcast stays the complete path the cache's trust rests on.
 */
@ApplicationScoped
public class InvalidationListener {

    private static final Logger LOG = Logger.getLogger(InvalidationListener.class);

    /**
     * How long the broker holds a fetch that finds nothing. A message arriving answers it at once, so
     * this is not the broadcast's latency; it is how often an idle listener asks (at 20 ms it cost each
     * instance and the broker CPU all day, BENCHMARKS.md "An idle instance's CPU"), and how long the
     * about-once-a-second end-offsets question, which queues behind a held fetch on the broker
     * connection, can wait for it: a quarter of its timeout (one second with the default
     * {@code patrol.cache.max-unconfirmed}).
     */
    static final int FETCH_MAX_WAIT_MS = 250;

    @Inject
    EdgeCache cache;

    @Inject
    PatrolConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    KafkaClients kafka;

    @Inject
    CommitNotices notices;

    private KafkaConsumer<String, String> consumer;
    private volatile ConsumerLoop loop;

    // Contact with the broadcast, touched by the loop's thread only: everything published before
    // confirmedAt has been read; a pending check waits for the positions to pass pendingEnds.
    private long confirmedAt;
    private long pendingAt;
    private Map<TopicPartition, Long> pendingEnds;
    private long nextCheck;
    private volatile boolean trusted = true;

    void onStart(@Observes @Priority(20) StartupEvent event) {
        notices.listen(CommitNotices.INVALIDATION_CHANNEL, this::applyCommitted);
        consumer = kafka.consumer(
                "edge",
                Map.of(
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        FETCH_MAX_WAIT_MS));
        // Before anything is cached: hear every invalidation from now on.
        if (!assignAllPartitions(Duration.ofSeconds(30), () -> true)) {
            LOG.warnf(
                    "invalidation topic %s has no partitions yet; still trying",
                    config.topics().invalidations().name());
        }
        loop = ConsumerLoop.start("edge-invalidations", consumer, Duration.ofMillis(200), new ConsumerLoop.Handler() {
            @Override
            public boolean beforePoll(KafkaConsumer<String, String> c) {
                // Until the topic has partitions, the cache serves nothing valid (not hearing).
                return !c.assignment().isEmpty()
                        || assignAllPartitions(Duration.ofSeconds(5), () -> loop == null || loop.running());
            }

            @Override
            public void handle(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
                records.forEach(InvalidationListener.this::apply);
                checkContact(c);
            }

            @Override
            public void recover(KafkaConsumer<String, String> c, RuntimeException failure) {
                // We may have missed messages: forget everything cached (tombstones stay).
                cache.flush();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        cache.deaf();
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    /**
     * Asks the broker for the newest offsets about every second and notes when the listener has
     * read up to them; when that has not happened for {@code maxUnconfirmed}, stops serving from the
     * cache (it may be missing revocations) until it has caught up again.
     */
    private void checkContact(KafkaConsumer<String, String> c) {
        long now = System.nanoTime();
        Duration limit = config.cache().maxUnconfirmed();
        if (pendingEnds != null
                && pendingEnds.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
            confirmedAt = pendingAt;
            pendingEnds = null;
            cache.hearingUntil(confirmedAt + limit.toNanos());
        }
        Duration every =
                limit.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? limit.dividedBy(4) : Duration.ofSeconds(1);
        if (now >= nextCheck) {
            nextCheck = now + every.toNanos();
            try {
                Map<TopicPartition, Long> ends = c.endOffsets(c.assignment(), every);
                if (pendingEnds == null) { // else the older check, not yet passed, stands
                    pendingEnds = ends;
                    pendingAt = now;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // no answer from the broker: nothing confirmed
            }
        }
        // The cache stops serving by itself at the deadline; this only logs and frees the memory.
        boolean confirmed = System.nanoTime() - confirmedAt <= limit.toNanos();
        if (trusted && !confirmed) {
            LOG.warnf(
                    "invalidation listener has not confirmed the broadcast for %s: serving nothing from the cache",
                    limit);
            trusted = false;
            cache.deaf();
        } else if (!trusted && confirmed) {
            LOG.info("invalidation listener caught up: the cache serves again");
            trusted = true; // the cache was flushed when trust was lost, and nothing was cached since
        }
    }

    /**
     * Reads all partitions from their end and flushes the cache. A topic created a moment ago may
     * not be in the broker's metadata yet (no partitions): retried until {@code patience} runs out.
     */
    private boolean assignAllPartitions(Duration patience, BooleanSupplier running) {
        String topic = config.topics().invalidations().name();
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // pin "latest" now
                cache.flush();
                confirmedAt = System.nanoTime(); // from here on, everything is read
                cache.hearingUntil(confirmedAt + config.cache().maxUnconfirmed().toNanos());
                pendingEnds = null;
                trusted = true;
                return true;
            }
            sleep(Duration.ofMillis(200));
        } while (System.nanoTime() < deadline && running.getAsBoolean());
        return false;
    }

    private void apply(ConsumerRecord<String, String> r) {
        try {
            cache.apply(mapper.readValue(r.value(), Invalidation.class));
        } catch (Exception e) {
            LOG.errorf(
                    "unreadable invalidation at %s-%d@%d; flushing the edge cache",
                    r.topic(), r.partition(), r.offset());
            cache.flush();
        }
    }

    /**
     * Invalidations a projector committed to this instance's database, heard at the commit: a
     * shortcut for the instances of one deployment (the broadcast brings the same messages, later).
     * Runs on an event loop; applying a message only touches the in-memory cache.
     */
    private void applyCommitted(String payload) {
        try {
            for (Invalidation i : mapper.readValue(payload, Invalidation[].class)) {
                cache.apply(i);
            }
        } catch (Exception e) {
            LOG.error("unreadable invalidation notice; flushing the edge cache");
            cache.flush();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
