package dev.patrol.eventlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Signs every record Patrol writes to the events topic and verifies every record it reads, so that
 * write access to the topic alone cannot mint or change a token. HMAC-SHA-256 over the record key
 * (UTF-8), one zero byte and the record value (UTF-8); the key id and the hex signature travel in
 * the {@value #KEY_ID_HEADER} and {@value #SIGNATURE_HEADER} headers (docs/security.md).
 *
 * <p>Keys are {@code id:base64[:notAfter]}. One signs ({@code patrol.signing.key-id}); all verify,
 * for ever, because the topic is replayed from the beginning. A retired key's {@code notAfter}
 * (ISO-8601) refuses records the broker stamped later, so a leaked old key cannot mint new records:
 * Patrol creates the topic with broker-assigned timestamps ({@code LogAppendTime}).
 */
@ApplicationScoped
public class EventSignature {

    public static final String KEY_ID_HEADER = "patrol-key-id";
    public static final String SIGNATURE_HEADER = "patrol-signature";
    private static final int MIN_KEY_BYTES = 32;

    private record Key(byte[] secret, Instant notAfter) {}

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final String signingKeyId;
    private final Counter refused;

    @Inject
    public EventSignature(PatrolConfig config, MeterRegistry registry) {
        this(
                config.signing().keys().orElse(List.of()),
                config.signing().keyId().orElse(null),
                registry.counter("patrol.events.refused"));
    }

    /** {@code refused} may be null (nothing counted). */
    public EventSignature(List<String> keySpecs, String signingKeyId, Counter refused) {
        this.refused = refused;
        for (String spec : keySpecs) {
            String[] parts = spec.strip().split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("patrol.signing.keys: expected id:base64[:notAfter] entries");
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("patrol.signing.keys: key " + parts[0] + " is not base64");
            }
            if (secret.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException(
                        "patrol.signing.keys: key " + parts[0] + " is shorter than " + MIN_KEY_BYTES + " bytes");
            }
            Instant notAfter;
            try {
                notAfter = parts.length == 3 ? Instant.parse(parts[2]) : null;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "patrol.signing.keys: key " + parts[0] + " has a notAfter that is not an ISO-8601 instant");
            }
            keys.put(parts[0], new Key(secret, notAfter));
        }
        if (signingKeyId == null || !keys.containsKey(signingKeyId)) {
            throw new IllegalArgumentException("patrol.signing.key-id must name one of patrol.signing.keys");
        }
        if (keys.get(signingKeyId).notAfter() != null) {
            throw new IllegalArgumentException("patrol.signing.key-id names a retired key (it has a notAfter)");
        }
        this.signingKeyId = signingKeyId;
    }

    /** The headers that sign {@code key}/{@code value} with the current signing key. */
    public List<RecordHeader> sign(String key, String value) {
        return List.of(
                new RecordHeader(KEY_ID_HEADER, signingKeyId.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(
                        SIGNATURE_HEADER,
                        HexFormat.of()
                                .formatHex(mac(keys.get(signingKeyId).secret(), key, value))
                                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Why a record must not be applied, or null when it is signed by a key Patrol trusts. Refusals
     * are counted ({@code patrol.events.refused}): someone wrote to the topic who should not have.
     */
    public String refusal(String key, String value, Headers headers, long brokerTimestamp) {
        String refusal = judge(key, value, headers, brokerTimestamp);
        if (refusal != null && refused != null) {
            refused.increment();
        }
        return refusal;
    }

    private String judge(String key, String value, Headers headers, long brokerTimestamp) {
        Header id = headers.lastHeader(KEY_ID_HEADER);
        Header signature = headers.lastHeader(SIGNATURE_HEADER);
        if (id == null || signature == null) {
            return "unsigned record";
        }
        String keyId = new String(id.value(), StandardCharsets.UTF_8);
        Key k = keys.get(keyId);
        if (k == null) {
            return "signed with unknown key " + (keyId.length() > 40 ? keyId.substring(0, 40) + "..." : keyId);
        }
        if (k.notAfter() != null && Instant.ofEpochMilli(brokerTimestamp).isAfter(k.notAfter())) {
            return "signed with key " + keyId + " after its retirement";
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(new String(signature.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return "malformed signature";
        }
        return MessageDigest.isEqual(presented, mac(k.secret(), key, value)) ? null : "wrong signature";
    }

    private static byte[] mac(byte[] secret, String key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
