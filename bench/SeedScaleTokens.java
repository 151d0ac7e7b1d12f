import java.io.BufferedWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;

import dev.patrol.domain.TokenSecrets;
import org.postgresql.PGConnection;

/**
 * Puts N active tokens with real secrets straight into the read model (rm_token) and writes the
 * secrets, one per line, to a file, for the scale benchmark: every line is a well-formed PAT whose
 * SHA-256 is in the table, so /auth/check can be asked about a million distinct tokens. Through the
 * event log a million tokens would take many minutes before the figure of interest. Scope code:read,
 * all organizations, expiring in a year; 10,000 owners. Bench data only: the secrets are as good as
 * public.
 *
 *   java -cp <PostgreSQL JDBC driver>:server/target/classes bench/SeedScaleTokens.java JDBC_URL USER PASSWORD TOKENS FILE [IDS_FILE HASHES_FILE]
 *
 * IDS_FILE and HASHES_FILE, if given, receive the tokens' ids and their secrets' hashes, in the same
 * order (for the benchmark's reference routes, which look a token up by either).
 */
public class SeedScaleTokens {

    public static void main(String[] args) throws Exception {
        int tokens = Integer.parseInt(args[3]);
        Path file = Path.of(args[4]);
        Path idsFile = args.length > 6 ? Path.of(args[5]) : null;
        Path hashesFile = args.length > 6 ? Path.of(args[6]) : null;
        int batch = 50_000;
        Random random = new Random(); // a fresh seed each run: two runs may seed one database
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                BufferedWriter secrets = Files.newBufferedWriter(file);
                BufferedWriter ids = idsFile == null ? null : Files.newBufferedWriter(idsFile);
                BufferedWriter hashes = hashesFile == null ? null : Files.newBufferedWriter(hashesFile)) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql = "COPY rm_token (token_id, family_id, owner, name, scopes, all_organizations, organizations, "
                    + "secret_hash, display_hint, created_at, expires_at, status, version) FROM STDIN";
            for (int from = 0; from < tokens; from += batch) {
                StringBuilder rows = new StringBuilder();
                for (int i = from; i < Math.min(tokens, from + batch); i++) {
                    String secret = TokenSecrets.generate("ptl", random);
                    secrets.write(secret);
                    secrets.newLine();
                    UUID id = UUID.randomUUID();
                    String hash = TokenSecrets.hash(secret);
                    if (ids != null) {
                        ids.write(id.toString());
                        ids.newLine();
                        hashes.write(hash);
                        hashes.newLine();
                    }
                    rows.append(id)
                            .append('\t')
                            .append(id)
                            .append("\tbench-")
                            .append(i % 10_000)
                            .append("\tscale-")
                            .append(i)
                            .append("\t{code:read}\tt\t{}\t")
                            .append(hash)
                            .append('\t')
                            .append(TokenSecrets.displayHint(secret))
                            .append("\t2026-01-01 00:00:00+00\t2099-01-01 00:00:00+00\tACTIVE\t1\n");
                }
                copy.copyIn(sql, new StringReader(rows.toString()));
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE rm_token");
            }
        }
        System.out.printf(
                "seeded %d tokens with real secrets into the read model in %.1f s%n",
                tokens, (System.nanoTime() - t0) / 1e9);
    }
}
