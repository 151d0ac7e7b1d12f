package example.revocations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a resource server that caches Patrol's answers needs: sessions (here, whatever your service
 * keeps per authenticated PAT) keyed by the SHA-256 of the token, dropped as soon as Patrol says the
 * token was revoked, regenerated or narrowed, and never kept past the token's own expiry.
 *
 * <p>It reads {@code patrol.token-invalidations.v1} (CloudEvents, Kafka binary mode) with the plain
 * Kafka client: every partition, from the end, no consumer group, like Patrol's own instances. A
 * broker that is down does not fail a poll (it returns nothing), so silence proves nothing: as
 * Patrol's instances do, the consumer asks the broker for the partitions' end offsets every second
 * and counts itself confirmed up to the moment it asked once it has read that far. The cache serves
 * nothing, and is emptied, while the last confirmation is older than {@code maxUnconfirmed}: a
 * missed message never keeps a revoked token alive for longer. Duplicates are harmless (dropping
 * twice is dropping once); unknown fields and unknown reasons are ignored.
 */
public final class RevokedTokenSessions<S> implements AutoCloseable {

    static final String TYPE = "dev.patrol.token.invalidated.v1";
    static final Duration CONFIRM_EVERY = Duration.ofSeconds(1);

    private record Entry<S>(S session, Instant expiresAt) {}

    private final Map<String, Entry<S>> sessions = new ConcurrentHashMap<>();
    /** Token id -> when Patrol last invalidated it, kept as long as a JWT minted before could live. */
    private final Map<String, Instant> invalidatedTokenIds = new ConcurrentHashMap<>();
    /** How long a token id is remembered: longer than patrol.jwt.lifetime (60 s by default); raise it with that. */
    private final Duration jwtLifetime = Duration.ofMinutes(5);

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Duration maxUnconfirmed;
    private final Thread thread;
    private volatile boolean listening;
    /** System.nanoTime() of the newest end-offset request this consumer has read up to. */
    private volatile long confirmedAt;

    /** Trusts its cache for at most 5 s after the broker last confirmed it saw everything. */
    public RevokedTokenSessions(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Duration.ofSeconds(5));
    }

    public RevokedTokenSessions(String bootstrapServers, String topic, Duration maxUnconfirmed) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.maxUnconfirmed = maxUnconfirmed;
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

    /**
     * The session of the token whose secret hashes to {@code secretHash}: null when there is none,
     * when the token has expired, or when this consumer cannot vouch that it heard every revocation.
     */
    public S get(String secretHash) {
        if (!trusted()) {
            sessions.clear();
            return null;
        }
        Entry<S> e = sessions.get(secretHash);
        if (e == null) {
            return null;
        }
        if (!Instant.now().isBefore(e.expiresAt())) {
            sessions.remove(secretHash, e);
            return null;
        }
        return e.session();
    }

    /**
     * Remembers a session after your service validated the token (introspection: {@code exp}; the
     * gateway check: {@code X-Patrol-Token-Expires}), until the token expires.
     */
    public void put(String secretHash, S session, Instant expiresAt) {
        if (trusted()) {
            sessions.put(secretHash, new Entry<>(session, expiresAt));
        }
    }

    /**
     * For a service that receives Patrol's signed JWTs from the gateway (docs/protecting-an-api.md):
     * whether the JWT of token {@code clientId} (its {@code client_id} claim) issued at {@code issuedAt}
     * ({@code iat}) predates a revocation, regeneration or narrowing of that token, so that it can be
     * refused before its {@code exp}. Without this, a JWT outlives a revocation by at most its lifetime.
     */
    public boolean invalidatedSince(String clientId, Instant issuedAt) {
        Instant at = invalidatedTokenIds.get(clientId);
        return at != null && !issuedAt.isAfter(at);
    }

    private boolean trusted() {
        return listening && System.nanoTime() - confirmedAt < maxUnconfirmed.toNanos();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            long asked = System.nanoTime();
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now: confirmed up to here
            confirmedAt = asked;
            listening = true;
            Map<TopicPartition, Long> pending = null; // end offsets asked for at pendingAskedAt
            long pendingAskedAt = 0;
            long lastAsked = asked;
            while (true) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        apply(r);
                    }
                    if (pending != null && readUpTo(pending)) {
                        confirmedAt = pendingAskedAt;
                        pending = null;
                    }
                    if (System.nanoTime() - lastAsked >= CONFIRM_EVERY.toNanos()) {
                        lastAsked = System.nanoTime();
                        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, CONFIRM_EVERY);
                        if (pending == null) { // keep an older request until it is read up to
                            pending = ends;
                            pendingAskedAt = lastAsked;
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // The broker did not answer in time: not confirmed; the cache stops serving by itself.
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            listening = false;
            consumer.close();
        }
    }

    private boolean readUpTo(Map<TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
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
        String tokenId = data.path("tokenId").asText(null);
        if (tokenId != null) {
            Instant now = Instant.now();
            invalidatedTokenIds.put(tokenId, now);
            invalidatedTokenIds.values().removeIf(at -> at.isBefore(now.minus(jwtLifetime)));
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
