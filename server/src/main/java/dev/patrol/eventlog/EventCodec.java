package dev.patrol.eventlog;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patrol.domain.TokenApprovedInOrganizationEvent;
import dev.patrol.domain.TokenCutFromOrganizationEvent;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenExpiryChangedEvent;
import dev.patrol.domain.TokenExpiryEmailsChangedEvent;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenJustificationChangedEvent;
import dev.patrol.domain.TokenNetworksChangedEvent;
import dev.patrol.domain.TokenRegeneratedEvent;
import dev.patrol.domain.TokenRenamedEvent;
import dev.patrol.domain.TokenRevokedEvent;
import dev.patrol.domain.TokenScopesChangedEvent;

/**
 * Wire format of a record on the events topic: a JSON array of the events one command decided
 * (usually one; a PATCH may decide several, applied all or none), each an object with its stable
 * {@code type} name and the event's fields. Class names never reach the wire.
 */
@ApplicationScoped
public class EventCodec {

    private static final Map<String, Class<? extends TokenEvent>> TYPES = Map.ofEntries(
            Map.entry(TokenIssuedEvent.TYPE, TokenIssuedEvent.class),
            Map.entry(TokenRenamedEvent.TYPE, TokenRenamedEvent.class),
            Map.entry(TokenScopesChangedEvent.TYPE, TokenScopesChangedEvent.class),
            Map.entry(TokenExpiryChangedEvent.TYPE, TokenExpiryChangedEvent.class),
            Map.entry(TokenRegeneratedEvent.TYPE, TokenRegeneratedEvent.class),
            Map.entry(TokenRevokedEvent.TYPE, TokenRevokedEvent.class),
            Map.entry(TokenExpiryEmailsChangedEvent.TYPE, TokenExpiryEmailsChangedEvent.class),
            Map.entry(TokenNetworksChangedEvent.TYPE, TokenNetworksChangedEvent.class),
            Map.entry(TokenCutFromOrganizationEvent.TYPE, TokenCutFromOrganizationEvent.class),
            Map.entry(TokenApprovedInOrganizationEvent.TYPE, TokenApprovedInOrganizationEvent.class),
            Map.entry(TokenJustificationChangedEvent.TYPE, TokenJustificationChangedEvent.class));

    /** The fields an event may lack (absent in older records, or optional words): the fold takes them as null. */
    private static final Set<String> OPTIONAL = Set.of(
            "TokenRevokedEvent.note",
            "TokenCutFromOrganizationEvent.note",
            "TokenApprovedInOrganizationEvent.note",
            "TokenJustificationChangedEvent.justification",
            "Actor.clientIp",
            "Actor.userAgent");

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    /** One reader per event type (immutable, thread-safe): making one per event cost as much as reading it. */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    /** The wire names of every event type this codec reads and writes. */
    public static Set<String> types() {
        return TYPES.keySet();
    }

    public String encode(List<TokenEvent> events) {
        ArrayNode array = mapper.createArrayNode();
        for (TokenEvent e : events) {
            array.add(encodeOne(e));
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode events", e);
        }
    }

    /** {@link #encodeOne} as JSON text, serialized once: how the read model stores each event. */
    public String encodeOneText(TokenEvent event) {
        try {
            String fields = mapper.writeValueAsString(event);
            String type = "{\"type\":" + mapper.writeValueAsString(event.type());
            return fields.equals("{}") ? type + "}" : type + "," + fields.substring(1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event", e);
        }
    }

    public ObjectNode encodeOne(TokenEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", event.type());
        node.setAll((ObjectNode) mapper.valueToTree(event));
        return node;
    }

    /** @throws MalformedEventException when the record is not a list of known events */
    public List<TokenEvent> decode(String value) {
        try {
            JsonNode array = mapper.readTree(value);
            if (array == null || !array.isArray() || array.isEmpty()) {
                throw new MalformedEventException("not a non-empty array of events");
            }
            List<TokenEvent> events = new ArrayList<>(array.size());
            for (JsonNode node : array) {
                events.add(decodeOne(node));
            }
            return events;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(
                    "undecodable event record: " + e.getClass().getSimpleName());
        }
    }

    public TokenEvent decodeOne(JsonNode node) throws JsonProcessingException {
        Class<? extends TokenEvent> type = TYPES.get(node.path("type").asText());
        if (type == null) {
            throw new MalformedEventException(
                    "unknown event type " + node.path("type").asText());
        }
        // Tolerant reader: a field added by a newer writer (rolling upgrade) must not make this
        // instance drop the event; REST bodies stay strict (quarkus.jackson.fail-on-unknown-properties).
        // "type" is such a field to the event's record, so the node is read as it is (no copy).
        TokenEvent event = readers.computeIfAbsent(
                        type, t -> mapper.readerFor(t).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .treeToValue(node, type);
        requireComplete((Record) event, event.type()); // every permitted event is a record
        return event;
    }

    /**
     * An event lacking a field the fold needs (a NOT NULL column, a revocation's reason for the
     * broadcast) would fail its batch on every retry and stall the partition behind it, revocations
     * included: refused here, its record is quarantined and the projector goes on.
     */
    private static void requireComplete(Record r, String type) {
        for (RecordComponent c : COMPONENTS.computeIfAbsent(r.getClass(), Class::getRecordComponents)) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c, e);
            }
            if (value == null && !OPTIONAL.contains(r.getClass().getSimpleName() + "." + c.getName())) {
                throw new MalformedEventException(type + " lacks " + c.getName());
            }
            if (value instanceof Record nested) {
                requireComplete(nested, type);
            }
        }
    }

    /** A record on the events topic that is not a list of known events. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
