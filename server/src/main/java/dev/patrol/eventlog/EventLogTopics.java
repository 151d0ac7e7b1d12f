package dev.patrol.eventlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates Patrol's topics at start when they do not exist (an existing topic is left as it is), and
 * refuses to start on topics whose replication can lose an acknowledged record.
 */
@ApplicationScoped
public class EventLogTopics {

    private static final Logger LOG = Logger.getLogger(EventLogTopics.class);

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    /**
     * Runs before the projector starts (priority): creates what is missing, then judges every topic's
     * replication (TopicReplication) and refuses to start on one that can lose an acknowledged record,
     * unless patrol.topics.allow-unsafe-replication says this Kafka is a single broker.
     */
    void create(@Observes @jakarta.annotation.Priority(10) StartupEvent event) throws Exception {
        Map<String, PatrolConfig.Topic> topics = new LinkedHashMap<>();
        topics.put("patrol.topics.events", config.topics().events());
        topics.put("patrol.topics.invalidations", config.topics().invalidations());
        topics.put("patrol.topics.dead-letters", config.topics().deadLetters());
        topics.put("patrol.topics.policies", config.topics().policies());
        topics.put("patrol.topics.identity", config.topics().identity());
        topics.put("patrol.topics.notices", config.topics().notices());
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (PatrolConfig.Topic t : topics.values()) {
                if (!existing.contains(t.name())) {
                    create(admin, t, config.topics());
                }
            }
            List<String> unsafe = new ArrayList<>();
            for (TopicReplication r : replicationOnceKnown(admin, topics)) {
                String why = r.unsafe();
                if (why != null) {
                    unsafe.add(why);
                } else if (r.fragile() != null) {
                    LOG.warn(r.fragile());
                }
            }
            if (!unsafe.isEmpty() && config.topics().allowUnsafeReplication()) {
                LOG.warnf(
                        "single-broker Kafka allowed (patrol.topics.allow-unsafe-replication): %s",
                        String.join("; ", unsafe));
            } else if (!unsafe.isEmpty()) {
                throw new IllegalStateException("Patrol will not start: a record Kafka acknowledged can be lost"
                        + " when one broker fails, or writes are refused: " + String.join("; ", unsafe)
                        + ". Give Patrol's topics replication factor 3 and min.insync.replicas 2 (docs/operations.md,"
                        + " \"Kafka\"); for a single-broker Kafka, never in production, set"
                        + " PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION=true.");
            }
        }
    }

    /**
     * {@link #replication}, asked again while a topic is unknown: one created a moment ago (here or by
     * another instance) is not in the broker's metadata at once (seen on a fresh ./run-local).
     */
    private static List<TopicReplication> replicationOnceKnown(Admin admin, Map<String, PatrolConfig.Topic> topics)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return replication(admin, topics);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Each topic's smallest replica count and effective min.insync.replicas, as the brokers have them. */
    private static List<TopicReplication> replication(Admin admin, Map<String, PatrolConfig.Topic> topics)
            throws Exception {
        List<String> names =
                topics.values().stream().map(PatrolConfig.Topic::name).toList();
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        List<TopicReplication> out = new ArrayList<>();
        topics.forEach((setting, t) -> {
            int replicas = described.get(t.name()).partitions().stream()
                    .mapToInt(p -> p.replicas().size())
                    .min()
                    .orElse(0);
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            out.add(new TopicReplication(
                    t.name(), setting, replicas, minIsr == null ? 1 : Integer.parseInt(minIsr.value())));
        });
        return out;
    }

    private static void create(Admin admin, PatrolConfig.Topic t, PatrolConfig.Topics defaults) throws Exception {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(t.retentionMs()));
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        // Broker-assigned timestamps: a producer cannot backdate a record signed with a retired key
        // (EventSignature).
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        configs.put(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(t.minInsyncReplicas().orElse(defaults.minInsyncReplicas())));
        NewTopic topic = new NewTopic(
                        t.name(),
                        Optional.of(t.partitions()),
                        Optional.of(t.replicationFactor().orElse(defaults.replicationFactor())))
                .configs(configs);
        try {
            admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof(
                    "created topic %s with %d partitions, replication factor %d, min.insync.replicas %s",
                    t.name(),
                    t.partitions(),
                    topic.replicationFactor(),
                    configs.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another instance was quicker
                throw e;
            }
        }
    }
}
