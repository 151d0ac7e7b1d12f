import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.patrol.repository.ReferenceSelect;
import dev.patrol.repository.SecretLookups;
import dev.patrol.repository.TokenRows;

/**
 * What validation's query costs PostgreSQL, part by part: the reference SELECT by primary key (one
 * column: an index-only scan), the same SELECT reading the token's row, then the lookup by secret
 * hash growing one part at a time up to validation's own query
 * (SecretLookups.CURRENT), and the same lookup on one table holding the owner's organizations and the
 * quarantine flag on the token's row (a copy made here, as a projector would have to keep it: the
 * ceiling of that change). JDBC, one connection per client thread, server-side prepared statements,
 * each thread presenting the keys in turn; the series alternate at each concurrency.
 *
 *   java -cp <PostgreSQL JDBC driver>:server/target/classes bench/QueryAnatomy.java JDBC_URL USER PASSWORD IDS_FILE HASHES_FILE MILLIS CLIENTS...
 */
public class QueryAnatomy {

    public static void main(String[] args) throws Exception {
        String url = args[0] + (args[0].contains("?") ? "&" : "?") + "prepareThreshold=1";
        List<String> ids = Files.readAllLines(Path.of(args[3]));
        List<String> hashes = Files.readAllLines(Path.of(args[4]));
        long millis = Long.parseLong(args[5]);
        String columns = TokenRows.columns("t");
        Map<String, String[]> series = new LinkedHashMap<>(); // label -> {sql, "id"|"hash"}
        series.put("SELECT by id (the reference)", new String[] {jdbc(ReferenceSelect.BY_ID), "id"});
        series.put(
                "by id, the token's columns",
                new String[] {"SELECT " + columns + " FROM rm_token t WHERE t.token_id = ?", "id"});
        series.put(
                "by hash, the id only",
                new String[] {"SELECT t.token_id FROM rm_token t WHERE t.secret_hash = ?", "hash"});
        series.put(
                "+ the token's columns",
                new String[] {"SELECT " + columns + " FROM rm_token t WHERE t.secret_hash = ?", "hash"});
        series.put("+ the owner's organizations", new String[] {
            "SELECT " + columns + ", o.organizations FROM rm_token t "
                    + "LEFT JOIN owner_organizations o ON o.owner = t.owner WHERE t.secret_hash = ?",
            "hash"
        });
        series.put("+ the quarantine flag = validation's query", new String[] {jdbc(SecretLookups.CURRENT), "hash"});
        series.put("all on the token's row (one table)", new String[] {
            "SELECT " + columns
                    + ", t.owner_organizations, t.quarantined FROM bench_token_row t WHERE t.secret_hash = ?",
            "hash"
        });
        try (Connection c = DriverManager.getConnection(url, args[1], args[2]);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_token_row");
            s.execute("CREATE TABLE bench_token_row AS SELECT t.*, o.organizations AS owner_organizations, "
                    + "EXISTS (SELECT 1 FROM rm_quarantine q WHERE q.token_id = t.token_id AND q.resolved_at IS NULL) "
                    + "AS quarantined FROM rm_token t LEFT JOIN owner_organizations o ON o.owner = t.owner");
            s.execute("CREATE UNIQUE INDEX ON bench_token_row (secret_hash)");
            s.execute("VACUUM ANALYZE bench_token_row");
            s.execute("VACUUM ANALYZE rm_token");
        }
        try {
            for (var e : series.entrySet()) { // warm-up: plans cached, the client's code compiled
                boolean byId = e.getValue()[1].equals("id");
                run(url, args[1], args[2], e.getValue()[0], byId, byId ? ids : hashes, 2, Math.min(millis, 1000));
            }
            for (int a = 6; a < args.length; a++) {
                int clients = Integer.parseInt(args[a]);
                Map<String, Double> rates = new LinkedHashMap<>();
                for (var e : series.entrySet()) {
                    boolean byId = e.getValue()[1].equals("id");
                    rates.put(
                            e.getKey(),
                            run(url, args[1], args[2], e.getValue()[0], byId, byId ? ids : hashes, clients, millis));
                }
                double reference = rates.values().iterator().next();
                StringBuilder line = new StringBuilder("query anatomy, " + clients + " client(s):");
                rates.forEach((label, rate) ->
                        line.append(String.format(" %s %.0f/s (%.2fx);", label, rate, rate / reference)));
                System.out.println(line.substring(0, line.length() - 1));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url, args[1], args[2]);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_token_row");
            }
        }
    }

    /** The reactive client's $1 placeholder as JDBC's. */
    private static String jdbc(String sql) {
        return sql.replace("$1", "?");
    }

    /** Queries per second of {@code clients} threads, each running {@code sql} over the keys in turn. */
    private static double run(
            String url,
            String user,
            String password,
            String sql,
            boolean byId,
            List<String> keys,
            int clients,
            long millis)
            throws Exception {
        AtomicLong done = new AtomicLong();
        var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(DriverManager.getConnection(url, user, password));
            }
            long end = System.nanoTime() + millis * 1_000_000;
            for (int i = 0; i < clients; i++) {
                Connection c = connections.get(i);
                int first = i * keys.size() / clients;
                threads.add(Thread.ofPlatform().start(() -> {
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        for (int k = first; System.nanoTime() < end; k++) {
                            String key = keys.get(k % keys.size());
                            if (byId) {
                                p.setObject(1, java.util.UUID.fromString(key));
                            } else {
                                p.setString(1, key);
                            }
                            try (ResultSet r = p.executeQuery()) {
                                if (!r.next()) {
                                    throw new IllegalStateException("no row for " + key + ": " + sql);
                                }
                            }
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return done.get() * 1000.0 / millis;
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
