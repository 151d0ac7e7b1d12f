import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What writing a rebuild's history costs PostgreSQL itself: the rows of rm_token_event (just rebuilt)
 * written again, in one set-based INSERT ... SELECT inside the server, into a table shaped as the
 * replay writes it and into the alternatives issue #30 names (keys built after the fill, the payload
 * not parsed as jsonb). No client, no protocol, no Patrol: the floor under any way of sending the
 * history (COPY included), to set beside the replay's own time.
 *
 *   java -cp <PostgreSQL JDBC driver> bench/HistoryWrite.java JDBC_URL USER PASSWORD REPLAY_MILLIS
 */
public class HistoryWrite {

    public static void main(String[] args) throws Exception {
        double replay = Long.parseLong(args[3]) / 1000.0;
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = 0");
            s.execute("DROP TABLE IF EXISTS bench_history_source, bench_history");
            // The payload as the text the replay sends; parsing it back is part of every variant but one.
            s.execute(
                    "CREATE TABLE bench_history_source AS SELECT event_id, token_id, version, type, occurred_at, "
                            + "actor_kind, actor_id, payload::text AS payload, kafka_partition, kafka_offset FROM rm_token_event");
            long events = count(s, "SELECT count(*) FROM bench_history_source");
            String columns = "event_id, token_id, version, type, occurred_at, actor_kind, actor_id, payload, "
                    + "kafka_partition, kafka_offset";
            StringBuilder line = new StringBuilder(String.format(
                    "history write inside PostgreSQL, %d events (the replay took %.1f s):", events, replay));
            String[][] variants = {
                {"as the replay writes it (both keys kept up, payload parsed)", "jsonb", "before"},
                {"unique (token_id, version) built after the fill", "jsonb", "unique after"},
                {"both keys built after the fill", "jsonb", "after"},
                {"payload stored as text, not parsed", "text", "before"},
            };
            for (String[] v : variants) {
                s.execute("DROP TABLE IF EXISTS bench_history");
                s.execute("CREATE TABLE bench_history (LIKE rm_token_event INCLUDING DEFAULTS)");
                if (v[1].equals("text")) {
                    s.execute("ALTER TABLE bench_history ALTER COLUMN payload TYPE text");
                }
                String primary = "ALTER TABLE bench_history ADD PRIMARY KEY (event_id)";
                String unique = "ALTER TABLE bench_history ADD UNIQUE (token_id, version)";
                long t0 = System.nanoTime();
                if (v[2].equals("before")) {
                    s.execute(primary);
                    s.execute(unique);
                } else if (v[2].equals("unique after")) {
                    s.execute(primary);
                }
                s.execute("INSERT INTO bench_history (" + columns + ") SELECT event_id, token_id, version, type, "
                        + "occurred_at, actor_kind, actor_id, payload" + (v[1].equals("jsonb") ? "::jsonb" : "")
                        + ", kafka_partition, kafka_offset FROM bench_history_source");
                if (v[2].equals("after")) {
                    s.execute(primary);
                }
                if (!v[2].equals("before")) {
                    s.execute(unique);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                line.append(String.format(" %s %.2f s (%.0f events/s);", v[0], seconds, events / seconds));
            }
            s.execute("DROP TABLE bench_history_source, bench_history");
            System.out.println(line.substring(0, line.length() - 1));
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
