import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revocation propagation between two instances: create a PAT on A, get it cached on A and B,
 * revoke it on A, then poll B's gateway check until it refuses. The delay runs from the moment the
 * revoke response arrived to the first refusal seen on B.
 *   java bench/Propagation.java A_BASE B_BASE OIDC_BEARER COUNT
 */
public class Propagation {

    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        String bearer = args[2];
        int count = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        Pattern idP = Pattern.compile("\"id\":\"([^\"]+)\"");
        Pattern tokenP = Pattern.compile("\"token\":\"([^\"]+)\"");
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"name\":\"prop\",\"scopes\":[\"code:read\"],\"allOrganizations\":true,\"lifetimeDays\":1}";
            String created = http.send(
                            HttpRequest.newBuilder(URI.create(a + "/api/v1/tokens"))
                                    .header("Authorization", "Bearer " + bearer)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher id = idP.matcher(created);
            Matcher token = tokenP.matcher(created);
            if (!id.find() || !token.find()) {
                throw new IllegalStateException("create failed: " + created);
            }
            HttpRequest checkB = HttpRequest.newBuilder(URI.create(b + "/auth/check?scope=any"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .build();
            HttpRequest checkA = HttpRequest.newBuilder(URI.create(a + "/auth/check?scope=any"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .build();
            if (http.send(checkA, HttpResponse.BodyHandlers.discarding()).statusCode() != 200
                    || http.send(checkB, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                throw new IllegalStateException("fresh token not valid on both instances");
            }
            int revoked = http.send(
                            HttpRequest.newBuilder(URI.create(a + "/api/v1/tokens/" + id.group(1)))
                                    .header("Authorization", "Bearer " + bearer)
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            long t0 = System.nanoTime();
            if (revoked != 204) {
                throw new IllegalStateException("revoke answered " + revoked);
            }
            while (http.send(checkB, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                if (System.nanoTime() - t0 > 10_000_000_000L) {
                    throw new IllegalStateException("B still accepts after 10 s");
                }
            }
            delays.add(System.nanoTime() - t0);
        }
        Collections.sort(delays);
        System.out.printf(
                "revocation propagation A->B over %d revocations: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                count, pct(delays, 50), pct(delays, 90), pct(delays, 99), delays.get(delays.size() - 1) / 1e6);
        // The distribution, as counts of revocations per band of delay.
        double[] bands = {1, 2, 5, 10, 20, 50, 100, Double.MAX_VALUE};
        StringBuilder histogram = new StringBuilder("distribution:");
        double lower = 0;
        for (double upper : bands) {
            double lo = lower;
            long n = delays.stream()
                    .filter(d -> d / 1e6 >= lo && d / 1e6 < upper)
                    .count();
            histogram.append(
                    upper == Double.MAX_VALUE
                            ? " >=%.0f ms: %d".formatted(lo, n)
                            : " %.0f-%.0f ms: %d,".formatted(lo, upper, n));
            lower = upper;
        }
        System.out.println(histogram);
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
