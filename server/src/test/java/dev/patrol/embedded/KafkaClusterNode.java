package dev.patrol.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a real multi-node KRaft cluster, alone in its JVM so that a test can kill it as a lost
 * machine dies (support.KafkaCluster): a controller, or a broker of a cluster whose topics keep three
 * replicas with two in sync, as production clusters do.
 *
 * <pre>
 * java -cp ... dev.patrol.embedded.KafkaClusterNode ROLE NODE_ID PORT CONTROLLER_PORT CONTROLLER_ID CLUSTER_ID DATA_DIR
 * </pre>
 * ROLE is {@code controller} (PORT unused) or {@code broker}. SIGTERM stops the node as an operator
 * does (a broker's controlled shutdown hands its leaderships over first); so does the end of stdin
 * (the parent exited). SIGKILL is the crash.
 */
public final class KafkaClusterNode {

    public static void main(String[] args) throws Exception {
        String role = args[0];
        int nodeId = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);
        int controllerId = Integer.parseInt(args[4]);
        String clusterId = args[5];
        Path dataDir = Path.of(args[6]);

        Properties props = new Properties();
        props.put("process.roles", role);
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", controllerId + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", dataDir.resolve("log").toString());
        if (role.equals("controller")) {
            props.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        } else {
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            // What a production cluster is configured with: three copies, two of them acknowledged.
            props.put("default.replication.factor", "3");
            props.put("min.insync.replicas", "2");
            props.put("offsets.topic.replication.factor", "3");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "3");
            props.put("transaction.state.log.min.isr", "2");
            props.put("share.coordinator.state.topic.replication.factor", "3");
            props.put("share.coordinator.state.topic.min.isr", "2");
            props.put("group.initial.rebalance.delay.ms", "0");
        }
        EmbeddedKafka.formatStorage(dataDir.resolve("log"), props, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            server.awaitShutdown();
                        },
                        "kafka-node-stop"));
        long t0 = System.nanoTime();
        server.startup();
        System.out.printf(
                "%s %d started in %d ms (%d ms after the JVM's start)%n",
                role,
                nodeId,
                (System.nanoTime() - t0) / 1_000_000,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        try {
            while (System.in.read() != -1) {
                // input carries no commands: only its end matters
            }
        } catch (IOException ignored) {
            // a broken pipe is an end too
        }
        System.exit(0); // runs the shutdown hook
    }

    private KafkaClusterNode() {}
}
