package dev.patrol.notice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.Management;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances scan for expiring tokens every second, racing each other: each notice is still
 * created and published once.
 */
@QuarkusTest
class NoticesOnTwoInstancesIT {

    static SecondInstance b;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = SecondInstance.start(Map.of("PATROL_NOTICES_SCAN_INTERVAL", "PT1S"));
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (b != null) {
            b.close();
        }
    }

    @Test
    void twoInstancesScanningTogetherTellEachOwnerOnce() throws Exception {
        NoticesTest writer = new NoticesTest();
        writer.codec = codec;
        writer.signature = signature;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(
                    writer.tokenMadeAgo(Duration.ofDays(40), Duration.ofDays(1).minusHours(2)));
        }
        for (String token : tokens) {
            NoticesTest.awaitNotices(token, 1);
        }
        Thread.sleep(3000); // both instances scanned again, several times
        for (String token : tokens) {
            assertEquals(1, NoticesTest.noticesOf(token).size(), token);
        }
        // Both really scanned (else this test would prove nothing about racing).
        assertTrue(Management.metric("patrol_notices_scan_seconds_count") > 3);
        assertTrue(Management.metric(b.managementUrl(), "patrol_notices_scan_seconds_count") > 3);
    }
}
