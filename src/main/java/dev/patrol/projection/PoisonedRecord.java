package dev.patrol.projection;

import java.util.UUID;

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
        return new PoisonedRecord(record, tokenId, reason.length() > 200 ? reason.substring(0, 200) : reason);
    }
}
