package dev.patrol.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The networks a token may be used from: CIDR blocks, IPv4 and IPv6, written canonically
 * ({@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32}). An empty list allows any address. Parsing
 * never asks DNS: only address literals are accepted. An IPv4 address mapped into IPv6
 * ({@code ::ffff:10.1.2.3}) is the IPv4 address.
 */
public final class Networks {

    /** Most blocks one token may carry: a list, not a firewall. */
    public static final int MAX = 32;

    private static final Networks ANYWHERE = new Networks(new byte[0][], new int[0]);

    private final byte[][] blocks;
    private final int[] prefixes;

    private Networks(byte[][] blocks, int[] prefixes) {
        this.blocks = blocks;
        this.prefixes = prefixes;
    }

    /**
     * The canonical, sorted, de-duplicated form of {@code cidrs}; a bare address is a block of one
     * ({@code /32}, {@code /128}).
     *
     * @throws IllegalArgumentException naming the first entry that is not a block, or one whose host
     *     part is not zero ({@code 10.1.2.3/8}: which was meant, {@code 10.0.0.0/8} or the one address?)
     */
    public static List<String> canonical(List<String> cidrs) {
        TreeSet<String> out = new TreeSet<>();
        for (String cidr : cidrs) {
            if (cidr == null) {
                throw new IllegalArgumentException("an entry is null");
            }
            Block b = block(cidr.strip());
            out.add(b.text());
        }
        if (out.size() > MAX) {
            throw new IllegalArgumentException("at most " + MAX + " networks");
        }
        return List.copyOf(out);
    }

    /** The matcher for canonical blocks (as {@link #canonical} returns them). */
    public static Networks of(List<String> canonical) {
        if (canonical.isEmpty()) {
            return ANYWHERE;
        }
        byte[][] blocks = new byte[canonical.size()][];
        int[] prefixes = new int[canonical.size()];
        for (int i = 0; i < blocks.length; i++) {
            Block b = block(canonical.get(i));
            blocks[i] = b.address();
            prefixes[i] = b.prefix();
        }
        return new Networks(blocks, prefixes);
    }

    /** Whether any address may use the token. */
    public boolean anywhere() {
        return blocks.length == 0;
    }

    /**
     * Whether {@code address} (a literal, as the client address is derived) lies in one of the blocks.
     * Anything that is not an address literal lies in none: fail closed.
     */
    public boolean allows(String address) {
        if (blocks.length == 0) {
            return true;
        }
        byte[] a = address == null ? null : literal(address);
        if (a == null) {
            return false;
        }
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i].length == a.length && within(a, blocks[i], prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether every address {@code before} allowed is still allowed by {@code after} (no narrowing). */
    public static boolean covers(List<String> after, List<String> before) {
        if (after.isEmpty()) {
            return true;
        }
        if (before.isEmpty()) {
            return false;
        }
        Networks a = of(after);
        for (String cidr : before) {
            Block b = block(cidr);
            boolean covered = false;
            for (int i = 0; i < a.blocks.length && !covered; i++) {
                covered = a.blocks[i].length == b.address().length
                        && a.prefixes[i] <= b.prefix()
                        && within(b.address(), a.blocks[i], a.prefixes[i]);
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private record Block(byte[] address, int prefix) {
        String text() {
            try {
                String host = InetAddress.getByAddress(address).getHostAddress();
                return host + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 4 or 16 bytes: never
            }
        }
    }

    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] address = literal(host);
        if (address == null) {
            throw new IllegalArgumentException(
                    quoted(cidr) + " is not an IPv4 or IPv6 network (CIDR, e.g. 10.0.0.0/8)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException(quoted(cidr) + " has no prefix length between 0 and " + bits);
            }
            prefix = Integer.parseInt(p);
        }
        byte[] network = Arrays.copyOf(address, address.length);
        mask(network, prefix);
        if (!Arrays.equals(network, address)) {
            Block meant = new Block(network, prefix);
            throw new IllegalArgumentException(quoted(cidr) + " has host bits set: did you mean " + meant.text() + "?");
        }
        return new Block(address, prefix);
    }

    private static boolean within(byte[] address, byte[] network, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = 0xff << (8 - rest) & 0xff;
        return (address[full] & m) == (network[full] & m);
    }

    private static void mask(byte[] address, int prefix) {
        for (int i = 0; i < address.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            address[i] &= (byte) (0xff << (8 - keep));
        }
    }

    /** Whether {@code s} is an IPv4 (dotted quad) or IPv6 address literal. */
    public static boolean isAddress(String s) {
        return literal(s) != null;
    }

    /**
     * The bytes of an IPv4 (dotted quad) or IPv6 literal, 4 for an IPv4-mapped one; null for anything
     * else, which is never looked up as a name.
     */
    public static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        // Hex digits, colons and an embedded dotted quad only, starting with a hex digit or a colon:
        // InetAddress then parses a literal and never resolves a name (no zone ids, no brackets).
        if (Character.digit(s.charAt(0), 16) < 0 && s.charAt(0) != ':') {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s).getAddress(); // 4 bytes for an IPv4-mapped address
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A dotted quad, four decimal parts 0-255 without leading zeros; null otherwise. On every check: no regex. */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i == s.length() ? '.' : s.charAt(i);
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return null; // a leading zero: octal to some parsers
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static String quoted(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + shown + "\"";
    }
}
