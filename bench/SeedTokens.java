import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Puts N active tokens straight into the read model (rm_token), for the expiry-scan benchmark: the
 * scan reads only the read model, and a million tokens through the event log would take minutes
 * before the figure of interest. Expiries are spread evenly from 2 days ago to 398 days ahead, so
 * every threshold has tokens that crossed it within the last day; 10,000 owners; each secret hash is
 * unique and no real secret hashes to it.
 *
 *   java -cp <postgresql JDBC driver> bench/SeedTokens.java JDBC_URL USER PASSWORD TOKENS
 */
public class SeedTokens {

    public static void main(String[] args) throws Exception {
        int tokens = Integer.parseInt(args[3]);
        int batch = 100_000;
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            String sql = "INSERT INTO rm_token (token_id, family_id, owner, name, scopes, all_organizations, "
                    + "organizations, secret_hash, display_hint, created_at, expires_at, status, version) "
                    + "SELECT id, id, 'bench-' || (i % 10000), 'seed-' || i, ARRAY['code:read'], true, '{}', "
                    + "'seed-' || lpad(to_hex(i), 58, '0'), 'ptl_...seed', now() - interval '500 days', "
                    + "now() - interval '2 days' + (i::bigint * 34560000 / ?) * interval '1 second', 'ACTIVE', 1 "
                    + "FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(?, ?) AS i) s";
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int from = 0; from < tokens; from += batch) {
                    insert.setInt(1, tokens);
                    insert.setInt(2, from);
                    insert.setInt(3, Math.min(tokens, from + batch) - 1);
                    insert.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE rm_token");
            }
        }
        System.out.printf("seeded %d tokens into the read model in %.1f s%n", tokens, (System.nanoTime() - t0) / 1e9);
    }
}
