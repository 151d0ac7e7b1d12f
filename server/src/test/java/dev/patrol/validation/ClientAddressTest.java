package dev.patrol.validation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientAddressTest {

    private final ClientAddress behindIngress = new ClientAddress(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        assertEquals("198.51.100.9", behindIngress.resolve("198.51.100.9", "203.0.113.66", "203.0.113.67"));
        assertEquals("127.0.0.1", new ClientAddress(List.of()).resolve("127.0.0.1", "203.0.113.66", null));
    }

    @Test
    void aTrustedProxyNamesTheClientRightmostFirst() {
        // The client wrote "1.2.3.4" itself; the ingress appended the address it saw.
        assertEquals("203.0.113.7", behindIngress.resolve("10.1.2.3", "1.2.3.4, 203.0.113.7", null));
        assertEquals("203.0.113.7", behindIngress.resolve("10.1.2.3", "203.0.113.7, 10.9.9.9", null));
        assertEquals("2001:db8:0:0:0:0:0:1", behindIngress.resolve("fd00::5", "2001:db8::1", null));
        assertEquals("203.0.113.8", behindIngress.resolve("10.1.2.3", null, "203.0.113.8"));
    }

    @Test
    void garbageAndHostNamesAreNeverBelieved() {
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", "evil.example.com", null));
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", "x".repeat(5000), null));
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", null, "<script>"));
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", "' OR 1=1 --", "localhost"));
        // Hex digits and dots only: InetAddress.getByName takes such a name for a host and resolves it.
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", "dead.beef", "ab.cd"));
        assertNull(ClientAddress.literal("dead.beef"));
        assertNull(ClientAddress.literal("1.2.3"), "only dotted quads");
    }

    @Test
    void aMalformedTrustedProxyStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("ingress.local")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }

    @Test
    void limitsCountAnIpv6ClientByItsSlash64() {
        assertEquals(ClientAddress.bucket("2001:db8:1:2::1"), ClientAddress.bucket("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        assertEquals("2001:db8:1:2::/64", ClientAddress.bucket("2001:0db8:0001:0002:0:0:0:1"));
        assertEquals("2001:db8:1:3::/64", ClientAddress.bucket("2001:db8:1:3::1"));
        assertEquals("203.0.113.7", ClientAddress.bucket("203.0.113.7"));
        assertEquals("203.0.113.7", ClientAddress.bucket("::ffff:203.0.113.7"));
        assertEquals("", ClientAddress.bucket(null));
    }
}
