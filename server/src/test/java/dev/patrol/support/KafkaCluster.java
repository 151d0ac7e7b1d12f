package dev.patrol.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.patrol.embedded.EmbeddedInfraProcess;
import dev.patrol.embedded.KafkaClusterNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A real three-broker KRaft cluster, every node its own JVM ({@link KafkaClusterNode}): one
 * controller and brokers 1..n whose topics keep three replicas, two in sync. A test kills a broker
 * (SIGKILL: a lost machine), stops one (SIGTERM: an operator's restart) and starts it again on its
 * port and data, as a rolling upgrade does. The suite's single embedded broker is not touched.
 */
public final class KafkaCluster implements AutoCloseable {

    static final int CONTROLLER_ID = 100;

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int controllerPort;
    private final Map<Integer, Integer> brokerPorts = new TreeMap<>();
    private final Map<Integer, Process> nodes = new TreeMap<>();

    private KafkaCluster(Path dir, int brokers) throws IOException {
        this.dir = dir;
        this.controllerPort = freePort();
        for (int id = 1; id <= brokers; id++) {
            brokerPorts.put(id, freePort());
        }
    }

    /** A controller and {@code brokers} brokers, every one registered with the controller. */
    public static KafkaCluster start(int brokers) throws Exception {
        Path dir = Files.createTempDirectory(EmbeddedInfraProcess.targetDirectory(), "kafka-cluster-");
        KafkaCluster cluster = new KafkaCluster(dir, brokers);
        long t0 = System.nanoTime();
        try {
            cluster.launch(CONTROLLER_ID);
            for (int id : cluster.brokerPorts.keySet()) {
                cluster.launch(id);
            }
            cluster.awaitBrokers(cluster.brokerPorts.keySet(), Duration.ofSeconds(120));
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        System.out.printf(
                "[kafka cluster] %d brokers and a controller ready in %d ms (logs: %s)%n",
                brokers, (System.nanoTime() - t0) / 1_000_000, dir);
        return cluster;
    }

    public String bootstrapServers() {
        return brokerPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public Set<Integer> brokers() {
        return brokerPorts.keySet();
    }

    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "request.timeout.ms", 5000));
    }

    public boolean isRunning(int broker) {
        Process p = nodes.get(broker);
        return p != null && p.isAlive();
    }

    /** SIGKILL: no controlled shutdown, no flush; the controller notices when its heartbeats stop. */
    public void kill(int broker) throws Exception {
        Process p = nodes.remove(broker);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: a controlled shutdown that hands the broker's leaderships over before it exits. */
    public void stop(int broker) throws Exception {
        Process p = nodes.remove(broker);
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("broker " + broker + " did not stop in 60 s");
        }
    }

    /** Starts a stopped or killed broker again on its port and data; returns once it has registered. */
    public void restart(int broker) throws Exception {
        launch(broker);
        awaitBrokers(Set.of(broker), Duration.ofSeconds(60));
    }

    /** The broker leading {@code topic}'s {@code partition}, or -1 when it has none. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            Node leader = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(partition)
                    .leader();
            return leader == null ? -1 : leader.id();
        }
    }

    /** Waits until every partition of every topic has all its replicas in sync again. */
    public void awaitFullyReplicated(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String lagging = "";
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                            .names()
                            .get(5, TimeUnit.SECONDS);
                    List<String> behind = new ArrayList<>();
                    for (TopicDescription t : admin.describeTopics(topics)
                            .allTopicNames()
                            .get(5, TimeUnit.SECONDS)
                            .values()) {
                        for (TopicPartitionInfo p : t.partitions()) {
                            if (p.leader() == null
                                    || p.isr().size() < p.replicas().size()) {
                                behind.add(t.name() + "-" + p.partition());
                            }
                        }
                    }
                    if (behind.isEmpty()) {
                        return;
                    }
                    lagging = behind.toString();
                } catch (Exception e) {
                    lagging = e.toString();
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("not fully replicated in " + patience + ": " + lagging);
    }

    private void launch(int node) throws IOException {
        boolean controller = node == CONTROLLER_ID;
        List<String> command = new ArrayList<>(EmbeddedInfraProcess.javaCommand(KafkaClusterNode.class, "384m"));
        command.addAll(List.of(
                controller ? "controller" : "broker",
                Integer.toString(node),
                Integer.toString(controller ? 0 : brokerPorts.get(node)),
                Integer.toString(controllerPort),
                Integer.toString(CONTROLLER_ID),
                clusterId,
                dir.resolve("node-" + node).toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("node-" + node + ".log").toFile()))
                .start(); // stdin stays open: the node exits when this JVM does, however it ends
        nodes.put(node, p);
    }

    private void awaitBrokers(Set<Integer> ids, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                for (int id : ids) {
                    if (!nodes.get(id).isAlive() || !nodes.get(CONTROLLER_ID).isAlive()) {
                        throw new IllegalStateException("a Kafka node exited at start; see " + dir);
                    }
                }
                try {
                    Set<Integer> registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (Exception e) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "brokers " + ids + " not registered in " + patience + "; see " + dir);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        // Brokers first: a broker without its controller waits for it on the way down.
        List<Process> brokers = new ArrayList<>();
        for (int id : new ArrayList<>(nodes.keySet())) {
            if (id != CONTROLLER_ID) {
                Process p = nodes.remove(id);
                p.destroy();
                brokers.add(p);
            }
        }
        for (Process p : brokers) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        Process controller = nodes.remove(CONTROLLER_ID);
        if (controller != null) {
            controller.destroy();
        }
        // Data is kept in target/ for a failing test's post-mortem; mvn clean removes it.
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
