package dev.patrol.validation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many CI jobs start at once with one new token: the database is asked once, not once per job. */
@QuarkusTest
class CoalescedLookupsTest {

    private static double lookups() {
        return Management.metric("patrol_validation_lookups_total");
    }

    @Test
    void concurrentChecksOfOneNewTokenCauseOneLookup() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest check = HttpRequest.newBuilder(URI.create(
                        ConfigProvider.getConfig().getValue("test.url", String.class) + "/auth/check?scope=code:read"))
                .header("Authorization", "Bearer " + pat.secret())
                .build();
        double before = lookups();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(http.sendAsync(check, HttpResponse.BodyHandlers.discarding()));
        }
        for (var call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        assertEquals(1.0, lookups() - before);
    }
}
