package dev.patrol.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A desktop's OS credential store without the desktop: a session bus of its own ({@code
 * dbus-daemon}) and GNOME Keyring's Secret Service on it, with an unlocked login keyring in a
 * folder of its own (Debian packages dbus-daemon, gnome-keyring and libsecret-tools; .ci/run installs
 * them). {@link #lookup} reads an item with libsecret's own tool, as a second opinion.
 */
public final class SecretService implements AutoCloseable {

    /** What a client puts in {@code DBUS_SESSION_BUS_ADDRESS}. */
    public final String address;

    private final Process bus;
    private final Process keyring;

    private SecretService(String address, Process bus, Process keyring) {
        this.address = address;
        this.bus = bus;
        this.keyring = keyring;
    }

    public static SecretService start() throws Exception {
        for (String tool : List.of("/usr/bin/dbus-daemon", "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool")) {
            Assumptions.assumeTrue(
                    Files.isExecutable(Path.of(tool)),
                    tool + " is not installed (Debian packages dbus-daemon, gnome-keyring, libsecret-tools;"
                            + " .ci/run installs them when run as root)");
        }
        Path home = Files.createTempDirectory("patrol-keyring-");
        // A bus that starts no service on demand: a client asking before the keyring below is up
        // would otherwise start a second keyring daemon in the real home folder.
        Files.writeString(home.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:tmpdir=%s</listen>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(home));
        Process bus = new ProcessBuilder(
                        "dbus-daemon", "--config-file=" + home.resolve("bus.conf"), "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String address =
                new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(address != null && address.startsWith("unix:"), "dbus-daemon printed no address: " + address);
        ProcessBuilder pb = new ProcessBuilder(
                        "gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground")
                .redirectOutput(home.resolve("daemon.out").toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", home.toString());
        env.put("DBUS_SESSION_BUS_ADDRESS", address);
        Process keyring = pb.start();
        try (var in = keyring.getOutputStream()) {
            in.write("keyring-password".getBytes(StandardCharsets.UTF_8)); // --unlock reads it from stdin
        }
        SecretService service = new SecretService(address, bus, keyring);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!service.answers()) { // the daemon takes its name on the bus a moment after it starts
            assertTrue(System.nanoTime() < deadline, "the Secret Service did not come up: " + home);
            Thread.sleep(100);
        }
        return service;
    }

    /** The secret of the item with these attributes (libsecret's {@code secret-tool lookup}), or null. */
    public String lookup(String... attributes) throws Exception {
        Process p = tool("lookup", attributes);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "secret-tool lookup did not end");
        return p.exitValue() == 0 ? out : null;
    }

    /** Whether the keyring stores and returns an item (before it owns its bus name, it cannot). */
    private boolean answers() throws Exception {
        Process p = tool("store", "--label=probe", "probe", "yes");
        try (var in = p.getOutputStream()) {
            in.write("probe".getBytes(StandardCharsets.UTF_8));
        }
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private Process tool(String action, String... attributes) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("secret-tool", action));
        command.addAll(List.of(attributes));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
        return pb.start();
    }

    @Override
    public void close() throws Exception {
        keyring.destroy();
        bus.destroy();
        keyring.waitFor(10, TimeUnit.SECONDS);
        bus.waitFor(10, TimeUnit.SECONDS);
    }
}
