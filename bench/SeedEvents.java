import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends N synthetic token histories to the events topic (issued, renamed, regenerated: 3 events
 * per token, one record each) in Patrol's wire format, for the rebuild benchmark, signed as
 * docs/security.md describes with the key PATROL_SIGNING_KEY_ID of PATROL_SIGNING_KEYS.
 *
 *   java -cp <kafka-clients classpath> bench/SeedEvents.java BOOTSTRAP TOPIC TOKENS [JDBC_URL USER PASSWORD]
 *
 * With a JDBC URL it then waits until the live projector has folded every record of the topic (its
 * checkpoints in rm_checkpoint reach the topic's end), and says how long that took from the first send.
 */
public class SeedEvents {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("acks", "all");
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        String topic = args[1];
        int tokens = Integer.parseInt(args[2]);
        String actor = "{\"kind\":\"USER\",\"id\":\"bench\",\"clientIp\":\"127.0.0.1\",\"userAgent\":\"seed\"}";
        String keyId = System.getenv("PATROL_SIGNING_KEY_ID");
        byte[] key = null;
        for (String spec : System.getenv("PATROL_SIGNING_KEYS").split(",")) {
            String[] parts = spec.strip().split(":");
            if (parts[0].equals(keyId)) {
                key = Base64.getDecoder().decode(parts[1]);
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < tokens; i++) {
                String id = UUID.randomUUID().toString();
                String t = "2026-11-28T00:00:00Z";
                String issued = "[{\"type\":\"patrol.token.issued.v1\",\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"tokenId\":\"" + id
                        + "\",\"version\":1,\"occurredAt\":\"" + t + "\",\"actor\":" + actor + ",\"familyId\":\"" + id
                        + "\",\"owner\":\"bench\",\"name\":\"seed-" + i + "\",\"scopes\":[\"code:read\"],"
                        + "\"organizations\":{\"all\":true,\"named\":[]},\"secretHash\":\"" + hash(i, 1)
                        + "\",\"displayHint\":\"ptl_...seed\",\"expiresAt\":\"2027-11-28T00:00:00Z\"}]";
                String renamed = "[{\"type\":\"patrol.token.renamed.v1\",\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"tokenId\":\"" + id + "\",\"version\":2,\"occurredAt\":\"" + t + "\",\"actor\":" + actor
                        + ",\"name\":\"renamed-" + i + "\"}]";
                String regenerated = "[{\"type\":\"patrol.token.regenerated.v1\",\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"tokenId\":\""
                        + id + "\",\"version\":3,\"occurredAt\":\"" + t + "\",\"actor\":" + actor + ",\"secretHash\":\""
                        + hash(i, 2) + "\",\"displayHint\":\"ptl_...seed\",\"previousSecretHash\":\"" + hash(i, 1)
                        + "\"}]";
                producer.send(signed(mac, keyId, new ProducerRecord<>(topic, id, issued)));
                producer.send(signed(mac, keyId, new ProducerRecord<>(topic, id, renamed)));
                producer.send(signed(mac, keyId, new ProducerRecord<>(topic, id, regenerated)));
            }
            producer.flush();
        }
        System.out.printf("seeded %d tokens, %d events%n", tokens, 3 * tokens);
        if (args.length >= 6) {
            awaitProjection(args[0], topic, args[3], args[4], args[5], t0);
        }
    }

    static void awaitProjection(String bootstrap, String topic, String url, String user, String password, long t0)
            throws Exception {
        long end = 0;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            for (var o : admin.listOffsets(latest).all().get().values()) {
                end += o.offset();
            }
        }
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement folded =
                        c.prepareStatement("SELECT coalesce(sum(next_offset), 0) FROM rm_checkpoint WHERE topic = ?")) {
            folded.setString(1, topic);
            long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
            long done;
            do {
                Thread.sleep(200);
                try (ResultSet r = folded.executeQuery()) {
                    r.next();
                    done = r.getLong(1);
                }
            } while (done < end && System.nanoTime() < deadline);
            if (done < end) {
                throw new IllegalStateException(
                        "the live projector folded " + done + " of " + end + " records in an hour");
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "live projector: every record of %s (%d) folded %.1f s after the first send%n", topic, end, s);
    }

    static ProducerRecord<String, String> signed(Mac mac, String keyId, ProducerRecord<String, String> r) {
        mac.update(r.key().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] signature = mac.doFinal(r.value().getBytes(StandardCharsets.UTF_8));
        r.headers().add("patrol-key-id", keyId.getBytes(StandardCharsets.UTF_8));
        r.headers().add("patrol-signature", HexFormat.of().formatHex(signature).getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** Distinct from every other run's: seeding the same topic twice must not repeat a secret hash. */
    static final long RUN = new java.security.SecureRandom().nextLong() >>> 1;

    static String hash(int i, int gen) {
        return String.format("%016x%048x", RUN, (long) i * 4 + gen);
    }
}
