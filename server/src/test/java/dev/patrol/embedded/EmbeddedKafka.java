package dev.patrol.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (single KRaft node acting as broker and controller) run in this JVM.
 * The launcher JVM that hosts it is a child of the tests or of {@code ./run-local}, so a fatal
 * metadata fault (Kafka halts its JVM) cannot take the test JVM down with it.
 */
final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final int cuttablePort;
    private final int cuttableAdvertisedPort;
    private KafkaRaftServer server;

    /**
     * Besides its own listener the broker has a "cuttable" one on {@code cuttablePort} that it
     * advertises at {@code cuttableAdvertisedPort}: a client that bootstraps there is told to connect
     * there again, so a test's proxy on that port carries all of that client's traffic and can cut
     * one instance from Kafka (support.TcpProxy) while the others keep it.
     */
    EmbeddedKafka(Path logDir, int brokerPort, int controllerPort, int cuttablePort, int cuttableAdvertisedPort) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.cuttablePort = cuttablePort;
        this.cuttableAdvertisedPort = cuttableAdvertisedPort;
    }

    int cuttablePort() {
        return cuttablePort;
    }

    int cuttableAdvertisedPort() {
        return cuttableAdvertisedPort;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    void start() throws Exception {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                        + ",CUTTABLE://127.0.0.1:" + cuttablePort);
        props.put(
                "advertised.listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",CUTTABLE://127.0.0.1:" + cuttableAdvertisedPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,CUTTABLE:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        formatStorage(logDir, props, Uuid.randomUuid().toString());
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
            awaitBrokerReady();
        } catch (Exception | Error e) {
            close(); // broker threads are non-daemon: a half-started broker would keep the JVM alive
            throw e;
        }
    }

    /**
     * Writes {@code props} next to {@code logDir} and formats the storage for {@code clusterId}
     * unless it already is (a restarted node keeps its data). Every node of a cluster is formatted
     * with the same id.
     */
    static void formatStorage(Path logDir, Properties props, String clusterId) throws Exception {
        Path config = logDir.resolveSibling(logDir.getFileName() + "-server.properties");
        Files.createDirectories(logDir);
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "Patrol embedded Kafka");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException(
                        "kafka-storage format failed: " + captured.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private void awaitBrokerReady() throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
