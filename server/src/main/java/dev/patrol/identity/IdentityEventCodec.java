package dev.patrol.identity;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.eventlog.Untrusted;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads identity lifecycle CloudEvents (docs/identity.md), in binary mode (attributes in {@code ce_*}
 * Kafka headers, the data as the value) or structured mode (one JSON object with {@code specversion},
 * {@code type}, {@code id} and {@code data}, as the REST endpoint takes them).
 */
@ApplicationScoped
public class IdentityEventCodec {

    /** Longest subject or organization name accepted. */
    static final int MAX_NAME = 255;

    @Inject
    ObjectMapper mapper;

    /** A record that is not an identity event Patrol understands. */
    public static class UnreadableEvent extends Exception {
        public UnreadableEvent(String message) {
            super(message, null, false, false);
        }
    }

    public IdentityChange fromKafka(Headers headers, String value) throws UnreadableEvent {
        String type = header(headers, "ce_type");
        if (type == null) {
            return structured(value);
        }
        return change(type, header(headers, "ce_id"), data(value));
    }

    public IdentityChange structured(String value) throws UnreadableEvent {
        JsonNode event = data(value);
        if (!"1.0".equals(event.path("specversion").asText())) {
            throw new UnreadableEvent("specversion must be 1.0");
        }
        return change(event.path("type").asText(null), event.path("id").asText(null), event.path("data"));
    }

    private IdentityChange change(String type, String id, JsonNode data) throws UnreadableEvent {
        IdentityChange.Kind kind = IdentityChange.Kind.of(type);
        if (kind == null) {
            throw new UnreadableEvent("unknown identity event type");
        }
        if (id == null || id.isBlank() || id.length() > MAX_NAME) {
            throw new UnreadableEvent("an event id is required");
        }
        if (!Untrusted.printable(id, MAX_NAME).equals(id)) {
            throw new UnreadableEvent("the event id must not contain control or invisible characters");
        }
        if (data == null || !data.isObject()) {
            throw new UnreadableEvent("data must be a JSON object");
        }
        String subject = name(data.path("subject"), "subject");
        return switch (kind) {
            case DISABLED, DELETED -> new IdentityChange(kind, id, subject, null, null);
            case ORGANIZATION_REMOVED ->
                new IdentityChange(kind, id, subject, name(data.path("organization"), "organization"), null);
            case ORGANIZATIONS_CHANGED -> {
                JsonNode orgs = data.path("organizations");
                if (!orgs.isArray()) {
                    throw new UnreadableEvent("organizations must be an array");
                }
                Set<String> names = new LinkedHashSet<>();
                for (JsonNode o : orgs) {
                    names.add(name(o, "organizations"));
                }
                yield new IdentityChange(kind, id, subject, null, Set.copyOf(names));
            }
        };
    }

    private static String name(JsonNode node, String field) throws UnreadableEvent {
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_NAME) {
            throw new UnreadableEvent(field + " must be a non-empty string of at most " + MAX_NAME + " characters");
        }
        // A NUL would be refused by the database on every retry and stall the partition behind it.
        if (!Untrusted.printable(node.asText(), MAX_NAME).equals(node.asText())) {
            throw new UnreadableEvent(field + " must not contain control or invisible characters");
        }
        return node.asText();
    }

    private JsonNode data(String value) throws UnreadableEvent {
        try {
            JsonNode node = value == null ? null : mapper.readTree(value);
            if (node == null || !node.isObject()) {
                throw new UnreadableEvent("not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableEvent("not JSON");
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
