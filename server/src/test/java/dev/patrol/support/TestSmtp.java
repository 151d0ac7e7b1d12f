package dev.patrol.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) in the tests' JVM, on a port of its own. It can be stopped and
 * started again on the same port, as an SMTP outage.
 */
public final class TestSmtp {

    private static int port = -1;
    private static GreenMail server;

    private TestSmtp() {}

    public static synchronized int start() {
        if (port < 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
        }
        return port;
    }

    /** An outage: connections are refused until {@link #start()}. Received mail is forgotten. */
    public static synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static synchronized List<MimeMessage> received() {
        return server == null ? List.of() : List.of(server.getReceivedMessages());
    }
}
