package example.revocations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a resource server that caches Patrol's answers needs: sessions (here, whatever your service
 * keeps per authenticated PAT) keyed by the SHA-256 of the token, dropped as soon as Patrol says the
 * token was revoked, regenerated or narrowed.
 *
 * <p>It reads {@code patrol.token-invalidations.v1} (CloudEvents, Kafka binary mode) with the plain
 * Kafka client: every partition, from the end, no consumer group, like Patrol's own instances. Its
 * cache starts empty and is flushed whenever the consumer cannot be sure it saw every message (a
 * poll fails), so a missed message never keeps a revoked token alive. Duplicates are harmless:
 * dropping twice is dropping once. Unknown fields and unknown reasons are ignored.
 */
public final class RevokedTokenSessions<S> implements AutoCloseable {

    static final String TYPE = "dev.patrol.token.invalidated.v1";

    private final Map<String, S> sessions = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean listening;

    public RevokedTokenSessions(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.thread = new Thread(this::run, "revoked-token-sessions");
        this.thread.setDaemon(true);
    }

    /** Starts listening; returns once every partition is assigned and positioned at its end. */
    public RevokedTokenSessions<S> start() throws InterruptedException {
        thread.start();
        while (!listening && thread.isAlive()) {
            Thread.sleep(20);
        }
        return this;
    }

    /** The session of the token whose secret hashes to {@code secretHash}, if any. */
    public S get(String secretHash) {
        return listening ? sessions.get(secretHash) : null;
    }

    /** Remembers a session after your service validated the token (introspection, gateway). */
    public void put(String secretHash, S session) {
        if (listening) {
            sessions.put(secretHash, session);
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now
            listening = true;
            while (true) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        apply(r);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    sessions.clear(); // not sure what was missed: trust nothing cached
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            listening = false;
            consumer.close();
        }
    }

    void apply(ConsumerRecord<String, String> r) {
        Header type = r.headers().lastHeader("ce_type");
        if (type == null || !TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        JsonNode data;
        try {
            data = json.readTree(r.value());
        } catch (Exception e) {
            sessions.clear(); // cannot tell which token: drop everything
            return;
        }
        Collection<String> drop = new ArrayList<>();
        data.path("deadSecretHashes").forEach(h -> drop.add(h.asText()));
        data.path("staleSecretHashes").forEach(h -> drop.add(h.asText()));
        drop.forEach(sessions::remove);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
