package dev.patrol.eventlog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicReplicationTest {

    @Test
    void oneInSyncReplicaCanLoseAnAcknowledgedRecordAndIsNamedWithItsSetting() {
        String why = new TopicReplication("patrol.token-events.v1", "patrol.topics.events", 3, 1).unsafe();
        assertTrue(
                why.contains("min.insync.replicas=1") && why.contains("patrol.topics.events.min-insync-replicas"), why);
        assertTrue(new TopicReplication("t", "patrol.topics.events", 1, 1).unsafe() != null);
    }

    @Test
    void moreRequiredReplicasThanTheTopicHasRefusesEveryWrite() {
        String why = new TopicReplication("t", "patrol.topics.events", 1, 2).unsafe();
        assertTrue(why.contains("refuses every write"), why);
    }

    @Test
    void threeReplicasWithTwoInSyncAreSafeAndSurviveABroker() {
        TopicReplication r = new TopicReplication("t", "patrol.topics.events", 3, 2);
        assertNull(r.unsafe());
        assertNull(r.fragile());
    }

    @Test
    void everyReplicaRequiredIsSafeButOneBrokerDownStopsWrites() {
        TopicReplication r = new TopicReplication("t", "patrol.topics.events", 2, 2);
        assertNull(r.unsafe());
        assertTrue(r.fragile().contains("one broker down stops writes"), r.fragile());
    }
}
