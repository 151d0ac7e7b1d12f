package dev.patrol.repository;

import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A transaction on the read model that the projection holds while it folds a batch: it passes it
 * back to {@link ReadModelStore} and {@link ReadModelWriter}, and never sees the SQL client itself.
 */
public final class ReadModelTransaction {

    final SqlConnection conn;

    ReadModelTransaction(SqlConnection conn) {
        this.conn = conn;
    }
}
