package dev.patrol.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.Notices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import org.jboss.logging.Logger;

/**
 * Mails notices to their owners (the OIDC e-mail address kept with their organizations). Each mail is
 * sent in a transaction of its own, while its notice's row is locked ({@code SKIP LOCKED}): two
 * instances never send the same one, and "sent" is committed as soon as the SMTP server has the mail,
 * so a restart sends nothing again and a crash at most the one mail in flight. A stopping instance
 * finishes that mail first. A failed delivery is retried with doubling waits and never holds up the
 * notice's publication; after the last attempt it is given up and counted
 * ({@code patrol_notice_mails_failed_total}). Off unless {@code patrol.mail.from} is set.
 */
@ApplicationScoped
public class NoticeMailer {

    private static final Logger LOG = Logger.getLogger(NoticeMailer.class);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    @Inject
    Notices notices;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean stopping;
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;
    private long timer = -1;
    private MailClient mailer;

    @Inject
    public NoticeMailer(MeterRegistry registry) {
        sent = registry.counter("patrol.notice.mails.sent");
        retried = registry.counter("patrol.notice.mails.retried");
        failed = registry.counter("patrol.notice.mails.failed");
    }

    void onStart(@Observes StartupEvent event) {
        if (config.mail().from().isPresent()) {
            PatrolConfig.Mail.Smtp smtp = config.mail().smtp();
            MailConfig mail = new MailConfig()
                    .setHostname(smtp.host())
                    .setPort(smtp.port())
                    .setStarttls(StartTLSOptions.valueOf(smtp.startTls()))
                    .setSsl(smtp.tls())
                    .setConnectTimeout((int) config.mail().timeout().toMillis())
                    .setKeepAlive(false);
            smtp.username().ifPresent(u -> mail.setUsername(u).setLogin(LoginOption.REQUIRED));
            smtp.password().ifPresent(mail::setPassword);
            mailer = MailClient.create(vertx, mail);
            timer = vertx.setPeriodic(config.mail().pollInterval().toMillis(), id -> tick());
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // The mail in flight is finished and marked, or a restart would send it again.
        long deadline =
                System.nanoTime() + config.mail().timeout().plusSeconds(1).toNanos();
        while (sending.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (mailer != null) {
            mailer.closeAndAwait();
        }
    }

    private void tick() {
        if (!sending.compareAndSet(false, true)) {
            return;
        }
        sendPending()
                .eventually(() -> sending.set(false))
                .subscribe()
                .with(
                        n -> {},
                        e -> LOG.warnf(
                                "mailing notices failed, will retry: %s",
                                e.getClass().getSimpleName()));
    }

    /** Sends what is due now, one mail at a time; the number handled (sent, retried later, skipped or given up). */
    Uni<Integer> sendPending() {
        Instant now = clock.instant();
        return Multi.createBy()
                .repeating()
                .uni(() -> stopping ? Uni.createFrom().item(false) : sendNext(now))
                .until(handled -> !handled)
                .collect()
                .with(java.util.stream.Collectors.summingInt(handled -> 1));
    }

    /** Sends the next mail due, in a transaction of its own; false when none is due. */
    private Uni<Boolean> sendNext(Instant now) {
        return notices.mailNext(now, due -> one(due, now));
    }

    /** Mails {@code due}, or skips it; where it stands afterwards. */
    private Uni<Notices.MailState> one(Notices.DueMail due, Instant now) {
        boolean stale = due.occurredAt().isBefore(now.minus(config.notices().lateLimit()));
        boolean optedOut = Boolean.FALSE.equals(due.expiryEmails())
                && (due.type().equals(Notices.EXPIRING) || due.type().equals(Notices.EXPIRED));
        if (due.email() == null || stale || optedOut) {
            return Uni.createFrom().item(new Notices.MailState("skipped", 0, null));
        }
        NoticeMail m =
                NoticeMail.of(due.type(), due.data(), config.ui().baseUrl().orElse(null));
        MailMessage mail = new MailMessage()
                .setFrom(config.mail().from().orElseThrow())
                .setTo(due.email())
                .setSubject(m.subject())
                .setText(m.text())
                .setHtml(m.html());
        int attempts = due.attempts() + 1;
        return mailer.sendMail(mail)
                .ifNoItem()
                .after(config.mail().timeout())
                .fail()
                .onItem()
                .transformToUni(x -> {
                    sent.increment();
                    return Uni.createFrom().item(new Notices.MailState("sent", attempts, null));
                })
                .onFailure()
                .recoverWithItem(e -> {
                    if (attempts >= config.mail().maxAttempts()) {
                        failed.increment();
                        LOG.errorf("giving up mailing notice %s after %d attempts: %s", due.id(), attempts, e);
                        return new Notices.MailState("failed", attempts, null);
                    }
                    retried.increment();
                    Duration wait = config.mail().firstRetry().multipliedBy(1L << Math.min(attempts - 1, 20));
                    if (wait.compareTo(LONGEST_WAIT) > 0) {
                        wait = LONGEST_WAIT;
                    }
                    LOG.warnf("mailing notice %s failed (attempt %d), retrying in %s", due.id(), attempts, wait);
                    return new Notices.MailState("pending", attempts, now.plus(wait));
                });
    }
}
