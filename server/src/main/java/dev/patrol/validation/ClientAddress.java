package dev.patrol.validation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Networks;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the client behind a request. {@code X-Forwarded-For} and {@code X-Real-IP} are
 * believed only when the peer is one of {@code patrol.network.trusted-proxies}: anyone else could
 * write any address into them. {@code X-Forwarded-For} is read from the right, skipping trusted
 * proxies, because each proxy appends and only the leftmost part is under the client's control.
 * The peer is the TCP connection's, never what Quarkus' own forwarding support made of the headers.
 */
@ApplicationScoped
public class ClientAddress {

    /** Longest user agent kept. */
    static final int MAX_USER_AGENT = 256;

    private final List<byte[][]> trusted = new ArrayList<>();

    @Inject
    public ClientAddress(PatrolConfig config) {
        this(config.network().trustedProxies().orElse(List.of()));
    }

    ClientAddress(List<String> trustedProxies) {
        for (String cidr : trustedProxies) {
            trusted.add(parseCidr(cidr.strip()));
        }
    }

    public Presenter presenter(HttpServerRequest request) {
        String agent = request.getHeader("User-Agent");
        return new Presenter(
                of(request), agent == null ? null : agent.substring(0, Math.min(agent.length(), MAX_USER_AGENT)));
    }

    public String of(HttpServerRequest request) {
        // The connection's own peer: with quarkus.http.proxy.proxy-address-forwarding on, the
        // request's remoteAddress() is whatever the leftmost, client-written X-Forwarded-For says.
        SocketAddress socket =
                request.connection() != null ? request.connection().remoteAddress() : request.remoteAddress();
        String peer = socket == null ? null : socket.host();
        if (trusted.isEmpty()) {
            return peer; // no proxy trusted: the socket's peer address, nothing to resolve
        }
        return resolve(peer, request.getHeader("X-Forwarded-For"), request.getHeader("X-Real-IP"));
    }

    /**
     * The key a client's limits are counted under: its address, or for IPv6 its /64 (one subscriber's
     * network: a client that owns a /64 could otherwise take a fresh address for every request).
     */
    public static String bucket(String address) {
        InetAddress a = literal(address);
        if (a == null) {
            return address == null ? "" : address;
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            return String.format(
                    "%x:%x:%x:%x::/64",
                    ((b[0] & 0xff) << 8) | (b[1] & 0xff),
                    ((b[2] & 0xff) << 8) | (b[3] & 0xff),
                    ((b[4] & 0xff) << 8) | (b[5] & 0xff),
                    ((b[6] & 0xff) << 8) | (b[7] & 0xff));
        }
        return a.getHostAddress();
    }

    String resolve(String peer, String forwardedFor, String realIp) {
        InetAddress peerAddress = literal(peer);
        if (peerAddress == null || !isTrusted(peerAddress)) {
            return peerAddress == null ? null : peerAddress.getHostAddress();
        }
        if (forwardedFor != null && forwardedFor.length() <= 2048) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = literal(hops[i].strip());
                if (hop == null) {
                    break; // garbage in the chain: stop believing it here
                }
                if (!isTrusted(hop)) {
                    return hop.getHostAddress();
                }
            }
        }
        InetAddress real = literal(realIp == null ? null : realIp.strip());
        return real != null ? real.getHostAddress() : peerAddress.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        byte[] a = address.getAddress();
        for (byte[][] range : trusted) {
            byte[] network = range[0];
            byte[] mask = range[1];
            if (network.length != a.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < a.length && match; i++) {
                match = (a[i] & mask[i]) == (network[i] & mask[i]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal, never a host name (no DNS lookup on a header's say-so); null when not one. */
    static InetAddress literal(String s) {
        // Not InetAddress.getByName on the text: "dead.beef" passes for a literal there and is resolved.
        byte[] bytes = Networks.literal(s);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // 4 or 16 bytes: never
        }
    }

    private static byte[][] parseCidr(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException(
                    "patrol.network.trusted-proxies: \"" + cidr + "\" is not an IP address or CIDR range");
        }
        byte[] network = address.getAddress();
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException(
                        "patrol.network.trusted-proxies: bad prefix length in \"" + cidr + "\"");
            }
        }
        byte[] mask = new byte[network.length];
        for (int i = 0; i < mask.length; i++) {
            int remaining = Math.max(0, Math.min(8, bits - 8 * i));
            mask[i] = (byte) (0xFF << (8 - remaining));
        }
        return new byte[][] {network, mask};
    }
}
