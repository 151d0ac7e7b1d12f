package dev.patrol.notice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.SecondInstance;
import dev.patrol.support.TestSmtp;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances scan for expiring tokens every second and mail notices, racing each other: each
 * notice is still created, published and mailed once.
 */
@QuarkusTest
class NoticesOnTwoInstancesIT {

    static SecondInstance b;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    Pool pool;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = SecondInstance.start(mailing());
    }

    /** B scans and mails too, to the same SMTP server as A. */
    private static Map<String, String> mailing() {
        return Map.of(
                "PATROL_NOTICES_SCAN_INTERVAL", "PT1S",
                "PATROL_MAIL_FROM", "patrol@test.example",
                "PATROL_MAIL_POLL_INTERVAL", "PT0.5S",
                "PATROL_MAIL_SMTP_HOST", "127.0.0.1",
                "PATROL_MAIL_SMTP_PORT", Integer.toString(TestSmtp.start()),
                "PATROL_MAIL_SMTP_START_TLS", "DISABLED");
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
        // One read of the notices topic per look (reading it per token took most of this test's time).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!noticesPerToken().keySet().containsAll(tokens) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        // Both instances scan over these tokens (else this test would prove nothing about racing), a
        // whole scan each at least: whatever either would tell twice is told by then.
        NoticesTest.awaitScans(2, Management.url(), b.managementUrl());
        Map<String, Long> notices = noticesPerToken();
        for (String token : tokens) {
            assertEquals(1L, notices.getOrDefault(token, 0L), token);
        }
    }

    private static Map<String, Long> noticesPerToken() {
        return EventLog.readAll(NoticesTest.topic()).stream()
                .collect(Collectors.groupingBy(
                        r -> String.valueOf(NoticesTest.header(r, "ce_subject")), Collectors.counting()));
    }

    @Test
    void twoInstancesMailingTogetherSendEachMailOnce() throws Exception {
        as("carol").get("/api/v1/organizations").then().statusCode(200); // Patrol learns carol's address
        NoticesTest writer = new NoticesTest();
        writer.codec = codec;
        writer.signature = signature;
        String name = "twice? " + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            writer.tokenMadeAgo(
                    "carol",
                    name + " #" + i,
                    Duration.ofDays(40),
                    Duration.ofDays(1).minusHours(2));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (NoticeMailTest.mailsAbout(name).size() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        NoticeMailTest.awaitNothingLeftToMail(pool, name);
        // Whichever instance locks a notice's row sends its mail; which one that is, is up to the race.
        assertEquals(20, NoticeMailTest.mailsAbout(name).size(), "20 notices, 20 mails");
    }

    @Test
    void restartingAnInstanceInTheMiddleOfMailingSendsNothingTwice() throws Exception {
        String name = "restart " + UUID.randomUUID();
        int[] mails = mailBurstInterrupted(name, 300, false);
        for (int i = 0; i < mails.length; i++) {
            assertEquals(1, mails[i], "mail #" + i + " of a burst with a graceful restart of B in its middle");
        }
    }

    @Test
    void aCrashInTheMiddleOfMailingResendsAtMostTheMailInFlight() throws Exception {
        String name = "crash " + UUID.randomUUID();
        int[] mails = mailBurstInterrupted(name, 300, true);
        int doubled = 0;
        for (int i = 0; i < mails.length; i++) {
            assertTrue(mails[i] >= 1, "mail #" + i + " lost");
            doubled += mails[i] - 1;
        }
        // One mail may have been accepted by the SMTP server just before the kill, unmarked.
        assertTrue(doubled <= 1, doubled + " mails sent twice");
    }

    /**
     * Mails about {@code count} tokens of carol, B stopped (SIGTERM, or SIGKILL when {@code crash})
     * once some have arrived and then started again; how often each token's mail arrived.
     */
    private int[] mailBurstInterrupted(String name, int count, boolean crash) throws Exception {
        as("carol").get("/api/v1/organizations").then().statusCode(200); // Patrol learns carol's address
        NoticesTest writer = new NoticesTest();
        writer.codec = codec;
        writer.signature = signature;
        double sentByB = Management.metric(b.managementUrl(), "patrol_notice_mails_sent_total");
        for (int i = 0; i < count; i++) {
            writer.tokenMadeAgo(
                    "carol",
                    name + String.format(" #%03d", i),
                    Duration.ofDays(40),
                    Duration.ofDays(1).minusHours(2));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (NoticeMailTest.mailsAbout(name).size() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double sentByBBefore = Management.metric(b.managementUrl(), "patrol_notice_mails_sent_total") - sentByB;
        int atStop = NoticeMailTest.mailsAbout(name).size();
        if (crash) {
            b.kill();
        } else {
            b.close();
        }
        b = SecondInstance.start(mailing());
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (NoticeMailTest.mailsAbout(name).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        NoticeMailTest.awaitNothingLeftToMail(pool, name); // anything sent twice has arrived by now
        // B was really mailing when it stopped, and mails were still to go (else nothing was interrupted).
        assertTrue(sentByBBefore > 0, "B sent no mail before it stopped");
        assertTrue(atStop < count, "every mail had arrived before B was told to stop");
        int[] mails = new int[count];
        for (var m : NoticeMailTest.mailsAbout(name)) {
            java.util.regex.Matcher n =
                    java.util.regex.Pattern.compile(" #(\\d{3})").matcher(m.getSubject());
            assertTrue(n.find(), m.getSubject());
            mails[Integer.parseInt(n.group(1))]++;
        }
        return mails;
    }
}
