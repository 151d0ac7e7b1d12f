package dev.patrol.eventlog;

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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates Patrol's topics at start when they do not exist (an existing topic is left as it is). */
@ApplicationScoped
public class EventLogTopics {

    private static final Logger LOG = Logger.getLogger(EventLogTopics.class);

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    /** Runs before the projector starts (priority). */
    void create(@Observes @jakarta.annotation.Priority(10) StartupEvent event) throws Exception {
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (PatrolConfig.Topic t : List.of(
                    config.topics().events(),
                    config.topics().invalidations(),
                    config.topics().deadLetters(),
                    config.topics().policies(),
                    config.topics().identity(),
                    config.topics().notices())) {
                if (!existing.contains(t.name())) {
                    create(admin, t);
                }
            }
        }
    }

    private static void create(Admin admin, PatrolConfig.Topic t) throws Exception {
        NewTopic topic = new NewTopic(t.name(), Optional.of(t.partitions()), t.replicationFactor())
                .configs(Map.of(
                        "retention.ms",
                        Long.toString(t.retentionMs()),
                        "cleanup.policy",
                        "delete",
                        // Broker-assigned timestamps: a producer cannot backdate a record signed with a
                        // retired key (EventSignature).
                        "message.timestamp.type",
                        "LogAppendTime"));
        try {
            admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("created topic %s with %d partitions", t.name(), t.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another instance was quicker
                throw e;
            }
        }
    }
}
