package dev.patrol.notice;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import dev.patrol.support.Management;
import dev.patrol.support.TestSmtp;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notices reach their owners by mail, through a real SMTP server, once each, even after an outage. */
@QuarkusTest
class NoticeMailTest {

    @jakarta.inject.Inject
    Pool pool;

    static List<MimeMessage> mailsAbout(String tokenName) throws Exception {
        List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : TestSmtp.received()) {
            if (m.getSubject().contains(tokenName)) {
                out.add(m);
            }
        }
        return out;
    }

    static List<MimeMessage> awaitMail(String tokenName, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> found = mailsAbout(tokenName);
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail about " + tokenName + " within " + within);
    }

    /**
     * Returns once no notice about the tokens named {@code name...} is still to be mailed (pending):
     * every mail there will be about them has arrived. A mail is marked sent in the transaction that
     * locks its notice's row, only after the SMTP server has it, and one not to be sent is marked
     * skipped; no instance sends (again) what is not pending.
     */
    static void awaitNothingLeftToMail(Pool pool, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pool.preparedQuery("SELECT count(*) FROM token_notice n JOIN rm_token t ON t.token_id = n.token_id"
                                + " WHERE starts_with(t.name, $1) AND n.mail_status = 'pending'")
                        .execute(Tuple.of(name))
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .iterator()
                        .next()
                        .getLong(0)
                > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("notices about " + name + " still to be mailed after 30 s");
            }
            Thread.sleep(100);
        }
    }

    static String part(MimeMessage m, String type) throws Exception {
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (p.isMimeType("multipart/*")) {
                Multipart inner = (Multipart) p.getContent();
                for (int j = 0; j < inner.getCount(); j++) {
                    if (inner.getBodyPart(j).isMimeType(type)) {
                        return inner.getBodyPart(j).getContent().toString();
                    }
                }
            }
            if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static String createBroadToken(String name) {
        return as("carol")
                .body(java.util.Map.of(
                        "name", name, "scopes", List.of("full_access"), "allOrganizations", true, "lifetimeDays", 30))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void theOwnerGetsOneMailWithTextAndHtmlSayingWhatAndWhatNext() throws Exception {
        String name = "mail <b>" + UUID.randomUUID();
        String id = createBroadToken(name);
        MimeMessage mail = awaitMail(name, Duration.ofSeconds(15)).get(0);
        assertTrue(mail.getAllRecipients()[0].toString().contains("@"), "sent to the owner's OIDC e-mail address");
        assertEquals("patrol@test.example", mail.getFrom()[0].toString());
        String text = part(mail, "text/plain");
        assertTrue(text.contains("Organizations: all of yours"), text);
        assertTrue(text.contains("Scopes: full_access"), text);
        assertTrue(text.contains("Expires (UTC): "), text);
        assertTrue(text.contains("If you did not create it, revoke it now."), text);
        assertTrue(text.contains("https://patrol.test.example/ui/tokens/" + id), text);
        String html = part(mail, "text/html");
        assertTrue(html.contains("mail &lt;b&gt;"), "people's words are escaped in HTML: " + html);
        awaitNothingLeftToMail(pool, name);
        assertEquals(1, mailsAbout(name).size(), "one mail per notice");
    }

    @Test
    void anSmtpOutageDelaysTheMailAndThenDeliversIt() throws Exception {
        double retriedBefore = Management.metric("patrol_notice_mails_retried_total");
        TestSmtp.stop();
        String name = "outage " + UUID.randomUUID();
        try {
            createBroadToken(name);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (Management.metric("patrol_notice_mails_retried_total") <= retriedBefore) {
                assertTrue(System.nanoTime() < deadline, "a delivery was attempted and failed");
                Thread.sleep(100);
            }
        } finally {
            TestSmtp.start();
        }
        awaitMail(name, Duration.ofSeconds(20));
        awaitNothingLeftToMail(pool, name);
        assertEquals(1, mailsAbout(name).size());
    }

    @jakarta.inject.Inject
    dev.patrol.eventlog.EventCodec codec;

    @jakarta.inject.Inject
    dev.patrol.eventlog.EventSignature signature;

    @Test
    void aTokenWhoseOwnerTurnedExpiryMailOffGetsTheNoticeButNoMail() throws Exception {
        as("carol").get("/api/v1/organizations").then().statusCode(200); // Patrol learns carol's address
        String prefix = "opt-out " + UUID.randomUUID();
        String quiet = writeExpiringToken(prefix + " quiet", false);
        String loud = writeExpiringToken(prefix + " loud", true);
        awaitMail(prefix + " loud", Duration.ofSeconds(15));
        NoticesTest.awaitNotices(quiet, 1); // the notice itself is published
        awaitNothingLeftToMail(pool, prefix);
        assertEquals(0, mailsAbout(prefix + " quiet").size());
        assertEquals(1, mailsAbout(prefix + " loud").size());

        // The switch is a field of the token, changed by PATCH, and part of its history.
        as("carol").get("/api/v1/tokens/" + loud).then().body("expiryEmails", org.hamcrest.Matchers.equalTo(true));
        as("carol")
                .body(java.util.Map.of("expiryEmails", false))
                .patch("/api/v1/tokens/" + loud)
                .then()
                .statusCode(200)
                .body("expiryEmails", org.hamcrest.Matchers.equalTo(false));
        as("carol")
                .get("/api/v1/tokens/" + loud + "/history")
                .then()
                .body("[-1].type", org.hamcrest.Matchers.equalTo("patrol.token.expiry-emails-changed.v1"));
    }

    /** A token of carol's made 40 days ago that expires in 6.5 days; {@code mail}: expiry mail on. */
    private String writeExpiringToken(String name, boolean mail) throws Exception {
        UUID id = UUID.randomUUID();
        String secret = dev.patrol.domain.TokenSecrets.generate("ptl", new java.security.SecureRandom());
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        var actor = dev.patrol.domain.Actor.user("carol", null, null);
        List<dev.patrol.domain.TokenEvent> events = new java.util.ArrayList<>();
        events.add(new dev.patrol.domain.TokenIssuedEvent(
                UUID.randomUUID(),
                id,
                1,
                now.minus(Duration.ofDays(40)),
                actor,
                id,
                "carol",
                name,
                java.util.Set.of("code:read"),
                dev.patrol.domain.OrganizationBinding.of(java.util.Set.of("umbrella")),
                dev.patrol.domain.TokenSecrets.hash(secret),
                dev.patrol.domain.TokenSecrets.displayHint(secret),
                now.plus(Duration.ofDays(7).minusHours(12))));
        if (!mail) {
            events.add(new dev.patrol.domain.TokenExpiryEmailsChangedEvent(
                    UUID.randomUUID(), id, 2, now.minus(Duration.ofDays(39)), actor, false));
        }
        String value = codec.encode(events);
        dev.patrol.support.EventLog.write(
                dev.patrol.support.EventLog.eventsTopic(), id.toString(), value, signature.sign(id.toString(), value));
        return id.toString();
    }
}
