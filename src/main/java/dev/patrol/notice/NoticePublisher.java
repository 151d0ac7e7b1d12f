package dev.patrol.notice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.KafkaClients;
import dev.patrol.readmodel.OutboxRelay;
import dev.patrol.readmodel.TokenRows;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes created notices to {@code patrol.token-notices.v1} as CloudEvents in binary mode (key =
 * owner, so one person's notices stay in order) and marks them published. Rows are locked while
 * sent ({@code SKIP LOCKED}, {@link OutboxRelay}): two instances never send the same notice. A crash between the
 * broker's acknowledgement and the commit sends it again with the same {@code ce_id}, which
 * consumers use to drop the duplicate.
 */
@ApplicationScoped
public class NoticePublisher {

    public static final String CE_SOURCE = "/patrol/notices";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final OutboxRelay relay;

    @Inject
    public NoticePublisher(PatrolConfig config, KafkaClients kafka, Pool pool, Clock clock) {
        producer = kafka.producer("notices");
        topic = config.topics().notices().name();
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

    void onStop(@Observes ShutdownEvent event) {
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes what is waiting, unless a flush is running on this instance; never fails. */
    public Uni<Integer> flush() {
        return relay.flush();
    }

    private Uni<Void> send(Row r) {
        JsonObject data = (JsonObject) r.getValue("data");
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, r.getString("owner"), data.encode());
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", r.getUUID("id").toString());
        header(record, "ce_source", CE_SOURCE);
        header(record, "ce_type", r.getString("type"));
        header(record, "ce_subject", r.getUUID("token_id").toString());
        header(record, "ce_time", r.getOffsetDateTime("occurred_at").toInstant().toString());
        header(record, "content-type", "application/json");
        return KafkaClients.send(producer, record).replaceWithVoid();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
