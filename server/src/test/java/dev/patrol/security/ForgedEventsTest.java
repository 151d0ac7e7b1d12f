package dev.patrol.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Pats.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whoever can write to the events topic, but does not hold Patrol's signing key, cannot mint a
 * token: the projector refuses the record and carries on with the others.
 */
@QuarkusTest
class ForgedEventsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    /** A full_access token for alice, written straight to the topic with {@code headers}; its secret. */
    private String writeIssued(BiFunction<String, String, List<RecordHeader>> headers) throws Exception {
        String secret = TokenSecrets.generate("ptl", RANDOM);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String value = codec.encode(List.of(new TokenIssuedEvent(
                UUID.randomUUID(),
                id,
                1,
                now,
                Actor.user("alice", null, null),
                id,
                "alice",
                "minted",
                Set.of("full_access"),
                OrganizationBinding.allOrganizations(),
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                now.plus(Duration.ofDays(1)))));
        EventLog.write(EventLog.eventsTopic(), id.toString(), value, headers.apply(id.toString(), value));
        return secret;
    }

    private static int check(String secret) {
        return bearer(secret).get("/auth/check?scope=any").statusCode();
    }

    @Test
    void unsignedAndWronglySignedRecordsMintNothing() throws Exception {
        String unsigned = writeIssued((k, v) -> List.of());
        byte[] otherKey = new byte[32];
        RANDOM.nextBytes(otherKey);
        EventSignature attacker =
                new EventSignature(List.of("dev:" + Base64.getEncoder().encodeToString(otherKey)), "dev", null);
        String forged = writeIssued(attacker::sign);
        // Positive control, written the same way: signed with Patrol's key, it is applied.
        String genuine = writeIssued(signature::sign);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> check(genuine) == 200);
        assertEquals(401, check(unsigned));
        assertEquals(401, check(forged));
        // Operators see it: every refused record is counted.
        assertTrue(Management.metric("patrol_events_refused_total") >= 2);
        // And the ordinary write path still works after them.
        assertEquals(200, check(Pats.create("alice", "code:read").secret()));
    }
}
