package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.repository.CommitNotices;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mass revocation's announcements fit pg_notify's payload limit and lose no message. */
class CommitNoticePayloadTest {

    @Test
    void manyInvalidationsAreSplitIntoJsonArraysUnderTheLimitInOrder() throws Exception {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Owners may be any UTF-8: the limit is in bytes, not characters.
            messages.add(
                    "{\"n\":" + i + ",\"owner\":\"" + "é".repeat(i % 50) + "\",\"pad\":\"" + "x".repeat(300) + "\"}");
        }
        List<Tuple> notices = CommitNotices.announcements(CommitNotices.INVALIDATION_CHANNEL, messages);

        assertTrue(notices.size() > 1, "one payload cannot hold a thousand messages");
        ObjectMapper mapper = new ObjectMapper();
        int next = 0;
        for (Tuple t : notices) {
            assertEquals(CommitNotices.INVALIDATION_CHANNEL, t.getString(0));
            String payload = t.getString(1);
            assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 8000, "over pg_notify's limit");
            for (JsonNode m : mapper.readTree(payload)) {
                assertEquals(next++, m.get("n").asInt(), "a message lost or out of order");
            }
        }
        assertEquals(1000, next);
    }

    @Test
    void aMessageTooLargeToAnnounceIsLeftToTheBroadcastAlone() {
        List<Tuple> notices = CommitNotices.announcements(
                CommitNotices.INVALIDATION_CHANNEL, List.of("{\"big\":\"" + "x".repeat(9000) + "\"}", "{}"));
        assertEquals(1, notices.size());
        assertEquals("[{}]", notices.get(0).getString(1));
    }
}
