package dev.patrol.projection;

import java.util.UUID;

import dev.patrol.eventlog.Untrusted;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the events topic that Patrol will not apply: not signed by a trusted key, not
 * decodable, or of an event type this version does not know. {@code tokenId} is the record key when
 * it names a token (then that token is quarantined), else null.
 */
public record PoisonedRecord(ConsumerRecord<String, String> record, UUID tokenId, String reason) {

    static PoisonedRecord of(ConsumerRecord<String, String> record, String reason) {
        UUID tokenId;
        try {
            tokenId = record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            tokenId = null;
        }
        // The reason quotes the record (a key id, an event type): it goes into a column, a header and the log.
        return new PoisonedRecord(record, tokenId, Untrusted.printable(reason, 200));
    }
}
