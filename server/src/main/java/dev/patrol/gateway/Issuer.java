package dev.patrol.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * Patrol's issuer (RFC 8414 metadata, {@code iss} of introspection answers): the configured public
 * URL. Only dev and test, where none is configured (the packaged application refuses to start
 * without it), build it from the request's own authority.
 */
@ApplicationScoped
public class Issuer {

    private final String configured;

    @Inject
    public Issuer(PatrolConfig config) {
        configured = config.introspection()
                .issuer()
                .or(() -> config.ui().baseUrl())
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("/+$", ""))
                .orElse(null);
    }

    public String of(HttpServerRequest request) {
        if (configured != null) {
            return configured;
        }
        HostAndPort authority = request.authority();
        String host = authority == null
                ? request.localAddress().hostAddress() + ":"
                        + request.localAddress().port()
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        return request.scheme() + "://" + host;
    }
}
