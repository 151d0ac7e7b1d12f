package dev.patrol.notice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.repository.Notices;
import dev.patrol.repository.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes created notices to {@code patrol.token-notices.v1} (the SmallRye channel {@code
 * token-notices}) as CloudEvents in binary mode (key =
 * owner, so one person's notices stay in order) and marks them published. Rows are locked while
 * sent ({@code SKIP LOCKED}, {@link OutboxRelay}): two instances never send the same notice. A crash between the
 * broker's acknowledgement and the commit sends it again with the same {@code ce_id}, which
 * consumers use to drop the duplicate.
 */
@ApplicationScoped
public class NoticePublisher {

    public static final String CE_SOURCE = "/patrol/notices";

    private final MutinyEmitter<String> channel;
    private final OutboxRelay relay;

    @Inject
    public NoticePublisher(
            @Channel("token-notices") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<String> channel,
            Notices notices,
            Clock clock) {
        this.channel = channel;
        relay = notices.outbox(this::send, clock);
    }

    /** Publishes what is waiting, unless a flush is running on this instance; never fails. */
    public Uni<Integer> flush() {
        return relay.flush();
    }

    private Uni<Void> send(Notices.Unpublished n) {
        var headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", n.id().toString());
        header(headers, "ce_source", CE_SOURCE);
        header(headers, "ce_type", n.type());
        header(headers, "ce_subject", n.tokenId().toString());
        header(headers, "ce_time", n.occurredAt().toString());
        header(headers, "content-type", "application/json");
        return channel.sendMessage(Message.of(n.data().encode())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(n.owner())
                        .withHeaders(headers)
                        .build()));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
