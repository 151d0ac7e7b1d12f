package dev.patrol.eventlog;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The one poll loop of Patrol's raw Kafka consumers, those the SmallRye connector cannot serve
 * (docs/architecture.md says why each): a daemon thread that prepares its consumer, polls, and hands
 * every batch to its {@link Handler}; after a failure it lets the handler go back to what it holds,
 * then pauses a second. {@link #stop} wakes the consumer, waits for the batch in progress, and the thread
 * closes the consumer. The consumer is touched by the loop's thread only.
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    /** What a consumer does in its loop; every method runs on the loop's thread. */
    public interface Handler {

        /**
         * Before each poll: subscribe or assign the first time, seek back after a failure, resume.
         * False: nothing to poll yet (the loop asks again, unless it is stopping).
         */
        boolean beforePoll(KafkaConsumer<String, String> consumer);

        /** One polled batch (possibly empty: checks that run on time, such as the broadcast's contact). */
        void handle(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> records);

        /** Right after {@code failure}, before the pause: whatever makes the next poll safe (forget, seek). */
        default void recover(KafkaConsumer<String, String> consumer, RuntimeException failure) {}
    }

    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private final Duration pollTimeout;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;

    private ConsumerLoop(String name, KafkaConsumer<String, String> consumer, Duration pollTimeout, Handler handler) {
        this.name = name;
        this.consumer = consumer;
        this.pollTimeout = pollTimeout;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts polling {@code consumer} on a thread called {@code name}; the loop owns the consumer from here. */
    public static ConsumerLoop start(
            String name, KafkaConsumer<String, String> consumer, Duration pollTimeout, Handler handler) {
        ConsumerLoop loop = new ConsumerLoop(name, consumer, pollTimeout, handler);
        loop.thread.start();
        return loop;
    }

    /** Whether the loop has not been asked to stop (a handler's long wait ends when it is). */
    public boolean running() {
        return running;
    }

    /** Stops the loop and waits up to {@code patience} for the batch in progress (idempotent). */
    public void stop(Duration patience) {
        running = false;
        consumer.wakeup();
        try {
            thread.join(patience.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (consumer) {
            while (running) {
                try {
                    if (handler.beforePoll(consumer)) {
                        handler.handle(consumer, consumer.poll(pollTimeout));
                    }
                } catch (WakeupException e) {
                    break; // stop() was called
                } catch (RuntimeException e) {
                    LOG.errorf("%s: %s; retrying", name, e.toString());
                    try {
                        handler.recover(consumer, e); // at once: the broadcast listener forgets its cache
                    } catch (WakeupException we) {
                        break;
                    } catch (RuntimeException again) {
                        LOG.errorf("%s: %s", name, again.toString());
                    }
                    try {
                        Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
    }
}
