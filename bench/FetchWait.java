import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a consumer's fetch.max.wait.ms changes, as the edge invalidation listener reads: a consumer
 * polling every 200 ms and asking for the end offsets about once a second, while a producer sends a
 * record every 150-550 ms. For each wait it prints the delay from each record's creation to the
 * consumer's poll returning it, and the slowest end-offsets question.
 *   java -cp KAFKA_CLIENTS_JAR:SLF4J_API_JAR bench/FetchWait.java BOOTSTRAP WAIT_MS[,WAIT_MS...] [RECORDS]
 */
public class FetchWait {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        String topic = "bench-fetch-wait";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get();
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(),
                new StringSerializer())) {
            for (String wait : args[1].split(",")) {
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                Integer.parseInt(wait)),
                        new StringDeserializer(),
                        new StringDeserializer())) {
                    consumer.assign(List.of(partition));
                    consumer.seekToEnd(List.of(partition));
                    consumer.position(partition);
                    Thread sender = new Thread(() -> {
                        Random random = new Random(1);
                        try {
                            for (int i = 0; i < records; i++) {
                                Thread.sleep(150 + random.nextInt(400));
                                producer.send(new ProducerRecord<>(topic, "x")).get();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    sender.start();
                    List<Long> delays = new ArrayList<>();
                    long slowestEndOffsets = 0;
                    long nextCheck = 0;
                    long deadline =
                            System.nanoTime() + Duration.ofSeconds(records).toNanos();
                    while (delays.size() < records && System.nanoTime() < deadline) {
                        consumer.poll(Duration.ofMillis(200))
                                .forEach(r -> delays.add(System.currentTimeMillis() - r.timestamp()));
                        if (System.nanoTime() >= nextCheck) {
                            nextCheck =
                                    System.nanoTime() + Duration.ofSeconds(1).toNanos();
                            long t0 = System.nanoTime();
                            consumer.endOffsets(List.of(partition), Duration.ofSeconds(1));
                            slowestEndOffsets = Math.max(slowestEndOffsets, System.nanoTime() - t0);
                        }
                    }
                    sender.join();
                    delays.sort(null);
                    System.out.printf(
                            "fetch.max.wait.ms=%s: %d records, delay p50 %d ms, p90 %d ms, max %d ms; slowest end-offsets question %d ms%n",
                            wait,
                            delays.size(),
                            delays.get(delays.size() / 2),
                            delays.get(delays.size() * 9 / 10),
                            delays.get(delays.size() - 1),
                            slowestEndOffsets / 1_000_000);
                }
            }
        }
    }
}
