package dev.patrol.readmodel;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Client-side deadlines of calls to PostgreSQL. A server that stops answering keeps its TCP connection
 * open (a frozen host, a black-holed network): neither the server's {@code statement_timeout} nor a
 * refused connection ever ends the call, so the client gives up itself and the request answers 503.
 */
public final class Deadlines {

    /** The longest a request waits for one database call. */
    public static final Duration DATABASE = Duration.ofSeconds(3);

    private Deadlines() {}

    /** {@code call}, failing with a {@link io.smallrye.mutiny.TimeoutException} past {@link #DATABASE}. */
    public static <T> Uni<T> database(Uni<T> call) {
        return call.ifNoItem().after(DATABASE).fail();
    }
}
