package dev.patrol.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patrol.support.Databases;
import dev.patrol.support.DevOidc;
import dev.patrol.support.EventLog;
import dev.patrol.support.HttpStatus;
import dev.patrol.support.KafkaCluster;
import dev.patrol.support.SecondInstance;
import example.revocations.RevokedTokenSessions;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Patrol instances (the packaged application, production settings: topics with three replicas,
 * two in sync) on a real three-broker KRaft cluster and a database of their own, under load
 * ({@link ClusterLoad}), while brokers die, restart one by one, or leave the cluster without a
 * quorum for writes. The test application itself stays on the suite's single broker; it only serves
 * the OIDC provider.
 */
@QuarkusTest
class KafkaClusterIT {

    /** A create waits for Kafka's acknowledgement (5 s) and then for its projection (5 s): never longer. */
    static final long CREATE_BOUND_MS = 11_000;

    static KafkaCluster kafka;
    static List<SecondInstance> instances = new ArrayList<>();
    static String eventsTopic;
    /** A resource server following the revocation broadcast on the cluster (samples/revocation-consumer). */
    static RevokedTokenSessions<String> broadcast;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startClusterAndTwoInstances() throws Exception {
        kafka = KafkaCluster.start(3);
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                // A database of its own: the instances' projection offsets are this cluster's.
                "QUARKUS_DATASOURCE_REACTIVE_URL", Databases.create("patrol_cluster"),
                // Production's topic settings (three replicas, two in sync) and start-up check.
                "PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION", "false");
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return SecondInstance.start(env);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        instances.add(SecondInstance.start(env));
        instances.add(second.join());
        eventsTopic = ConfigProvider.getConfig().getValue("patrol.topics.events.name", String.class);
        broadcast = new RevokedTokenSessions<String>(
                        kafka.bootstrapServers(),
                        ConfigProvider.getConfig().getValue("patrol.topics.invalidations.name", String.class))
                .start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (broadcast != null) {
            broadcast.close();
        }
        for (SecondInstance i : instances) {
            i.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Each scenario leaves the cluster as it found it: every broker up, every replica in sync. */
    @AfterEach
    void clusterWhole() throws Exception {
        for (int broker : kafka.brokers()) {
            if (!kafka.isRunning(broker)) {
                kafka.restart(broker);
            }
        }
        kafka.awaitFullyReplicated(Duration.ofSeconds(90));
    }

    @Test
    void patrolCreatesItsTopicsWithThreeReplicasTwoInSync() throws Exception {
        try (var admin = kafka.admin()) {
            var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("patrol."))
                    .toList();
            assertEquals(6, topics.size(), topics.toString());
            for (var t : admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                t.partitions().forEach(p -> assertEquals(3, p.replicas().size(), t.name()));
            }
            var configs = admin.describeConfigs(topics.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                            .toList())
                    .all()
                    .get(10, TimeUnit.SECONDS);
            configs.forEach((topic, config) ->
                    assertEquals("2", config.get("min.insync.replicas").value(), topic.name()));
        }
    }

    @Test
    void aKilledPartitionLeaderLosesNoAcknowledgedCommandAndValidationGoesOn() throws Exception {
        int leader = kafka.leaderOf(eventsTopic, 0);
        ClusterLoad load = load();
        try (load) {
            pause(3_000);
            kafka.kill(leader);
            long killedAt = load.elapsedMs();
            System.out.printf(
                    "[kafka cluster] broker %d (leader of %s-0) killed at %d ms%n", leader, eventsTopic, killedAt);
            // Past the controller's 9 s broker session timeout: the partitions have new leaders.
            pause(14_000);
        }
        report("leader killed", load);
        assertEquals(List.of(), load.wrong);
        assertTrue(ClusterLoad.percentile(load.createMillis, 1.0) < CREATE_BOUND_MS, load.summary());
        assertTrue(load.count("create 201") > 0, load.summary());
        nothingAcknowledgedLostOrDoubled(load);
        createsSucceedOnEveryInstance();
    }

    @Test
    void aRollingRestartOfEveryBrokerRefusesNoValidCheck() throws Exception {
        ClusterLoad load = load();
        try (load) {
            pause(2_000);
            for (int broker : kafka.brokers()) {
                kafka.stop(broker);
                System.out.printf("[kafka cluster] broker %d stopped at %d ms%n", broker, load.elapsedMs());
                kafka.restart(broker);
                kafka.awaitFullyReplicated(Duration.ofSeconds(90));
                System.out.printf("[kafka cluster] broker %d back in sync at %d ms%n", broker, load.elapsedMs());
            }
            pause(2_000);
        }
        report("rolling restart", load);
        assertEquals(List.of(), load.wrong);
        assertEquals(0, load.count("cached check 503"), load.summary());
        assertTrue(ClusterLoad.percentile(load.createMillis, 1.0) < CREATE_BOUND_MS, load.summary());
        nothingAcknowledgedLostOrDoubled(load);
    }

    @Test
    void twoBrokersDownRefuseWritesQuicklyValidationGoesOnAndOneBrokerBackResumesWrites() throws Exception {
        List<Integer> down = kafka.brokers().stream().skip(1).toList();
        ClusterLoad load = load();
        long downAt;
        long backAt;
        try (load) {
            pause(2_000);
            for (int broker : down) {
                kafka.kill(broker);
            }
            downAt = load.elapsedMs();
            pause(10_000);
            kafka.restart(down.get(0));
            backAt = load.elapsedMs();
            pause(5_000);
        }
        report("two brokers down", load);
        // Refused quickly: once the cluster has no quorum for writes, a create waits for Kafka's
        // acknowledgement at most patrol.write.append-timeout (5 s), then answers 503.
        long slowestRefusal = load.creates.stream()
                .filter(c -> c[2] == 503)
                .mapToLong(c -> c[1])
                .max()
                .orElse(-1);
        long firstWriteBack = load.creates.stream()
                .filter(c -> c[2] == 201 && c[0] >= backAt)
                .mapToLong(c -> c[0] + c[1] - backAt)
                .min()
                .orElse(-1);
        System.out.printf(
                "[kafka cluster] two brokers down from %d ms, one back at %d ms: slowest refusal %d ms,"
                        + " first create acknowledged %d ms after the broker was back%n",
                downAt, backAt, slowestRefusal, firstWriteBack);
        assertEquals(List.of(), load.wrong);
        assertTrue(load.count("create 503") > 0, "writes went on without a quorum? " + load.summary());
        assertTrue(slowestRefusal < 6_500, load.summary());
        assertTrue(firstWriteBack >= 0, "writes did not resume: " + load.summary());
        nothingAcknowledgedLostOrDoubled(load);
    }

    private ClusterLoad load() throws Exception {
        String bearer = DevOidc.accessToken("carol");
        List<String> cached = new ArrayList<>();
        List<String> toRevoke = new ArrayList<>();
        List<String> cold = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String[] t = create(bearer);
            cached.add(t[1]);
        }
        for (int i = 0; i < 100; i++) {
            String[] t = create(bearer);
            toRevoke.add(t[0] + " " + t[1]);
        }
        for (int i = 0; i < 100; i++) {
            cold.add(create(bearer)[1]);
        }
        for (int i = 0; i < instances.size(); i++) {
            for (String secret : cached) {
                assertEquals(200, check(i, secret));
            }
            for (String t : toRevoke) {
                assertEquals(200, check(i, t.substring(t.indexOf(' ') + 1)));
            }
        }
        return new ClusterLoad(instances, bearer, cached, toRevoke, cold, broadcast).start();
    }

    /** Every create answered 201 is in the read model once, and the events topic has its issue once. */
    private void nothingAcknowledgedLostOrDoubled(ClusterLoad load) throws Exception {
        Pattern issued =
                Pattern.compile("\"type\":\"patrol.token.issued.v1\",\"eventId\":\"[^\"]+\",\"tokenId\":\"([^\"]+)\"");
        Map<String, Integer> issues = new HashMap<>();
        for (var r : EventLog.readAll(kafka.bootstrapServers(), eventsTopic)) {
            Matcher m = issued.matcher(new String(r.value(), StandardCharsets.UTF_8));
            while (m.find()) {
                issues.merge(m.group(1), 1, Integer::sum);
            }
        }
        String bearer = DevOidc.accessToken("carol");
        for (ClusterLoad.Created c : load.created) {
            assertEquals(1, issues.getOrDefault(c.id(), 0), "issues of acknowledged token " + c.id());
            assertEquals(
                    200,
                    status(HttpRequest.newBuilder(URI.create(instances.get(0).baseUrl() + "/api/v1/tokens/" + c.id()))
                            .header("Authorization", "Bearer " + bearer)));
        }
        issues.forEach((id, n) -> assertEquals(1, n, "issues of token " + id));
    }

    private void createsSucceedOnEveryInstance() throws Exception {
        String bearer = DevOidc.accessToken("carol");
        for (int i = 0; i < instances.size(); i++) {
            create(bearer, i);
        }
    }

    private String[] create(String bearer) throws Exception {
        return create(bearer, 0);
    }

    private String[] create(String bearer, int instance) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(instances.get(instance).baseUrl() + "/api/v1/tokens"))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cluster\",\"scopes\":[\"code:read\"],"
                                + "\"allOrganizations\":true,\"lifetimeDays\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        Matcher secret = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertTrue(id.find() && secret.find(), r.body());
        return new String[] {id.group(1), secret.group(1)};
    }

    private int check(int instance, String secret) {
        return status(
                HttpRequest.newBuilder(URI.create(instances.get(instance).baseUrl() + "/auth/check?scope=code:read"))
                        .header("Authorization", "Bearer " + secret));
    }

    private int status(HttpRequest.Builder request) {
        return HttpStatus.of(http, request);
    }

    /**
     * What the scenario measured, and what the instances logged above INFO meanwhile: Patrol's own
     * lines (timestamps and ids cut, each once), the Kafka client's counted by logger.
     */
    private static void report(String scenario, ClusterLoad load) throws Exception {
        System.out.printf("[kafka cluster] %s: %s%n", scenario, load.summary());
        Pattern line = Pattern.compile("^\\S+ \\S+ +(WARN|ERROR) +\\[([^\\]]+)\\] \\([^)]*\\) (.*)$");
        for (int i = 0; i < instances.size(); i++) {
            List<String> lines = instances.get(i).logText().lines().toList();
            Map<String, Integer> kafkaClient = new java.util.TreeMap<>();
            java.util.Set<String> patrol = new java.util.TreeSet<>();
            for (String l : lines.subList(LINES_REPORTED.getOrDefault(i, 0), lines.size())) {
                Matcher m = line.matcher(l);
                if (m.matches() && m.group(2).startsWith("dev.patrol")) {
                    patrol.add(m.group(1) + " " + m.group(2) + ": "
                            + m.group(3).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"));
                } else if (m.matches()) {
                    kafkaClient.merge(m.group(1) + " " + m.group(2), 1, Integer::sum);
                }
            }
            LINES_REPORTED.put(i, lines.size());
            System.out.printf("[kafka cluster] %s: instance %d logged %s and %s%n", scenario, i, patrol, kafkaClient);
        }
    }

    private static final Map<Integer, Integer> LINES_REPORTED = new HashMap<>();

    private static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}
