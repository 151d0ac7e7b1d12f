package dev.patrol.eventlog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patrol.domain.PolicySetEvent;

/**
 * Wire format of a record on the policy topic: one JSON object, the event's fields and its stable
 * {@code type} name (docs/events.md). Read tolerantly, like the token events.
 */
@ApplicationScoped
public class PolicyEventCodec {

    @Inject
    ObjectMapper mapper;

    public String encode(PolicySetEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", PolicySetEvent.TYPE);
        node.setAll((ObjectNode) mapper.valueToTree(event));
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a policy event", e);
        }
    }

    /** @throws EventCodec.MalformedEventException when the record is not a policy event */
    public PolicySetEvent decode(String value) {
        try {
            JsonNode node = mapper.readTree(value);
            if (node == null
                    || !node.isObject()
                    || !PolicySetEvent.TYPE.equals(node.path("type").asText())) {
                throw new EventCodec.MalformedEventException("not a policy event");
            }
            ObjectNode fields = ((ObjectNode) node).deepCopy();
            fields.remove("type");
            PolicySetEvent e = mapper.readerFor(PolicySetEvent.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .treeToValue(fields, PolicySetEvent.class);
            if (e.eventId() == null || e.scope() == null || e.policy() == null || e.occurredAt() == null) {
                throw new EventCodec.MalformedEventException("policy event lacks a required field");
            }
            return e;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventCodec.MalformedEventException(
                    "undecodable policy record: " + e.getClass().getSimpleName());
        }
    }
}
