package dev.patrol.validation;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import io.quarkus.runtime.Startup;

/** Parses the gateway route table at start, so a typo in it stops Patrol instead of a request. */
public class GatewayRoutesProducer {

    @Produces
    @Singleton
    @Startup
    GatewayRoutes routes(PatrolConfig config) {
        return GatewayRoutes.parse(
                config.gateway().routes(),
                config.gateway().defaultScope(),
                new ScopeCatalogue(Set.copyOf(config.tokens().scopes())));
    }
}
