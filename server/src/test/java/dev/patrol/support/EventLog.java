package dev.patrol.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic with a plain Kafka consumer, as an outside party would. */
public final class EventLog {

    private EventLog() {}

    public static String eventsTopic() {
        return ConfigProvider.getConfig().getValue("patrol.topics.events.name", String.class);
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Waits until consumer group {@code groupId} has {@code members} members that each own partitions:
     * a rebalance another test's instance started (by joining, or by dying without leaving) is over.
     */
    public static void awaitGroupMembers(String groupId, int members) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(groupId);
                if (group.members().size() == members
                        && group.members().stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("group " + groupId + " never had " + members + " members owning partitions");
        }
    }

    /** Every record currently in the topic. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic);
    }

    /** Every record currently in the topic of the Kafka at {@code bootstrapServers}. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = consumer(bootstrapServers)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Sum of the end offsets of all partitions: how many records the topic has ever had. */
    public static long endOffsetSum(String topic) {
        try (var c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            return c.endOffsets(parts).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The revocation broadcast as a resource server following samples/revocation-consumer hears it. */
    public static example.revocations.RevokedTokenSessions<String> broadcastListener() throws InterruptedException {
        var config = ConfigProvider.getConfig();
        return new example.revocations.RevokedTokenSessions<String>(
                        config.getValue("kafka.bootstrap.servers", String.class),
                        config.getValue("patrol.topics.invalidations.name", String.class))
                .start();
    }

    /** A producer straight to the embedded broker, as anyone with write access to its topics has. */
    public static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return new org.apache.kafka.clients.producer.KafkaProducer<>(
                p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer());
    }

    /** Writes a record straight to {@code topic}, as anyone with write access to it could. */
    public static void write(
            String topic, String key, String value, List<org.apache.kafka.common.header.internals.RecordHeader> headers)
            throws Exception {
        try (var producer = producer()) {
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value);
            headers.forEach(h -> record.headers().add(h));
            producer.send(record).get();
        }
    }
}
