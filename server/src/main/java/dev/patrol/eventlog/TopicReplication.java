package dev.patrol.eventlog;

/**
 * What a topic's replication promises a record the producer saw acknowledged ({@code acks=all}, as
 * every Patrol producer sends): with {@code min.insync.replicas} of 2 or more the record is on two
 * brokers before the acknowledgement, so the death of one loses nothing; with 1 it may be on the
 * leader alone. Judged at start for every topic Patrol uses (docs/operations.md, "Kafka").
 *
 * @param topic the topic's name
 * @param setting the property that sets it when Patrol creates the topic ({@code patrol.topics.events})
 * @param replicas the smallest replica count over its partitions
 * @param minInsyncReplicas its effective {@code min.insync.replicas} (topic or broker)
 */
public record TopicReplication(String topic, String setting, int replicas, int minInsyncReplicas) {

    /** Why an acknowledged record could be lost or every write refused, in a few words; null when neither. */
    public String unsafe() {
        if (minInsyncReplicas < 2) {
            return "topic " + topic + " has min.insync.replicas=" + minInsyncReplicas + " and " + replicas
                    + " replica(s) (" + setting
                    + ".min-insync-replicas and .replication-factor when Patrol creates it)";
        }
        if (replicas < minInsyncReplicas) {
            return "topic " + topic + " has min.insync.replicas=" + minInsyncReplicas + " but " + replicas
                    + " replica(s), so Kafka refuses every write to it";
        }
        return null;
    }

    /** Safe, but one broker down stops writes (the replicas are all required); null otherwise. */
    public String fragile() {
        return unsafe() == null && replicas == minInsyncReplicas
                ? "topic " + topic + " has " + replicas + " replicas and min.insync.replicas=" + minInsyncReplicas
                        + ": one broker down stops writes to it (replication factor "
                        + (minInsyncReplicas + 1) + " lets it survive one)"
                : null;
    }
}
