package dev.patrol.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {

    @Test
    void blocksAreWrittenCanonicallySortedAndOnce() {
        assertEquals(
                List.of("10.0.0.0/8", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32"),
                Networks.canonical(List.of(" 2001:DB8::/32", "10.0.0.0/8", "192.0.2.7", "10.0.0.0/8")));
        assertEquals(List.of("0:0:0:0:0:0:0:1/128"), Networks.canonical(List.of("::1")));
    }

    @Test
    void whatIsNotANetworkIsRefusedNamingTheEntry() {
        for (String bad : List.of(
                "example.com",
                "10.0.0/8",
                "10.0.0.256/32",
                "010.0.0.0/8",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "::1/129",
                "fe80::1%eth0",
                "10.0.0.0/8/8",
                "",
                "[::1]")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Networks.canonical(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void aBlockWithHostBitsSaysWhichBlockWasProbablyMeant() {
        var e = assertThrows(IllegalArgumentException.class, () -> Networks.canonical(List.of("10.1.2.3/8")));
        assertTrue(e.getMessage().contains("did you mean 10.0.0.0/8?"), e.getMessage());
    }

    @Test
    void aTokenCarriesAtMostMaxBlocks() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i <= Networks.MAX; i++) {
            many.add("10.0." + i + ".0/24");
        }
        assertThrows(IllegalArgumentException.class, () -> Networks.canonical(many));
        assertEquals(
                Networks.MAX, Networks.canonical(many.subList(0, Networks.MAX)).size());
    }

    @Test
    void addressesInsideABlockAreAllowedAndNoOthers() {
        Networks n = Networks.of(Networks.canonical(List.of("10.0.0.0/8", "192.168.4.0/22", "2001:db8::/32")));
        assertTrue(n.allows("10.1.2.3"));
        assertTrue(n.allows("192.168.7.255"));
        assertFalse(n.allows("192.168.8.0"));
        assertFalse(n.allows("11.0.0.1"));
        assertTrue(n.allows("2001:db8:ffff::1"));
        assertFalse(n.allows("2001:db9::1"));
        assertTrue(n.allows("::ffff:10.9.9.9"), "an IPv4-mapped address is the IPv4 address");
    }

    @Test
    void anAddressThatCannotBeReadIsOutsideEveryBlock() {
        Networks n = Networks.of(List.of("0.0.0.0/0", "0:0:0:0:0:0:0:0/0"));
        assertTrue(n.allows("203.0.113.9"));
        assertTrue(n.allows("2001:db8::9"));
        assertFalse(n.allows("localhost"));
        assertFalse(n.allows(null));
        assertFalse(n.allows("10.0.0.1, 10.0.0.2"));
    }

    @Test
    void noBlocksAllowEveryAddressEvenAnUnknownOne() {
        Networks anywhere = Networks.of(List.of());
        assertTrue(anywhere.anywhere());
        assertTrue(anywhere.allows(null));
        assertTrue(anywhere.allows("203.0.113.9"));
    }

    @Test
    void aChangeNarrowsUnlessEveryAddressAllowedBeforeStillIs() {
        assertTrue(Networks.covers(List.of("10.0.0.0/8"), List.of("10.1.0.0/16", "10.2.3.4/32")));
        assertFalse(Networks.covers(List.of("10.1.0.0/16"), List.of("10.0.0.0/8")));
        assertFalse(Networks.covers(List.of("10.0.0.0/8"), List.of()), "from anywhere to a block narrows");
        assertTrue(Networks.covers(List.of(), List.of("10.0.0.0/8")), "to anywhere widens");
        assertFalse(Networks.covers(List.of("0:0:0:0:0:0:0:0/0"), List.of("10.0.0.0/8")), "families differ");
    }
}
