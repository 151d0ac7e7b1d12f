package dev.patrol.validation;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import io.quarkus.runtime.Startup;

/** Tables parsed from configuration at start, so that a typo in one stops Patrol instead of a request. */
public class ConfiguredTables {

    @Produces
    @Singleton
    @Startup
    GatewayRoutes routes(PatrolConfig config) {
        return GatewayRoutes.parse(config.gateway().routes(), config.gateway().defaultScope(), catalogue(config));
    }

    @Produces
    @Singleton
    @Startup
    IntrospectionClients introspectionClients(PatrolConfig config) {
        return IntrospectionClients.parse(config.introspection().clients(), catalogue(config));
    }

    private static ScopeCatalogue catalogue(PatrolConfig config) {
        return new ScopeCatalogue(Set.copyOf(config.tokens().scopes()));
    }
}
