package dev.patrol.notice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.readmodel.OutboxRelay;
import dev.patrol.readmodel.TokenRows;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
            Pool pool,
            Clock clock) {
        this.channel = channel;
        relay = new OutboxRelay(
                pool,
                "notices",
                100,
                "SELECT id, owner, type, occurred_at, token_id, data FROM token_notice "
                        + "WHERE published_at IS NULL ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED",
                this::send,
                "UPDATE token_notice SET published_at = $2 WHERE id = ANY($1)",
                sent -> Tuple.of(
                        sent.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new), TokenRows.odt(clock.instant())));
    }

    /** Publishes what is waiting, unless a flush is running on this instance; never fails. */
    public Uni<Integer> flush() {
        return relay.flush();
    }

    private Uni<Void> send(Row r) {
        JsonObject data = (JsonObject) r.getValue("data");
        var headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", r.getUUID("id").toString());
        header(headers, "ce_source", CE_SOURCE);
        header(headers, "ce_type", r.getString("type"));
        header(headers, "ce_subject", r.getUUID("token_id").toString());
        header(
                headers,
                "ce_time",
                r.getOffsetDateTime("occurred_at").toInstant().toString());
        header(headers, "content-type", "application/json");
        return channel.sendMessage(Message.of(data.encode())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(r.getString("owner"))
                        .withHeaders(headers)
                        .build()));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
