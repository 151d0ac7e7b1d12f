package dev.patrol.repository;

import java.time.Duration;

/**
 * Client-side deadlines of calls to PostgreSQL. A server that stops answering keeps its TCP connection
 * open (a frozen host, a black-holed network): neither the server's {@code statement_timeout} nor a
 * refused connection ever ends the call, so the client gives up itself and the request answers 503.
 */
public final class Deadlines {

    /** The longest a request waits for one database call. */
    public static final Duration DATABASE = Duration.ofSeconds(3);

    /** The longest a request waits for a transaction of several statements (an identity change). */
    public static final Duration TRANSACTION = Duration.ofSeconds(10);

    private Deadlines() {}
}
