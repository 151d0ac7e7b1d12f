package dev.patrol.embedded;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link EmbeddedInfraTestResource} and {@link TestSmtpResource} for every {@code @QuarkusTest} in the module
 * (a test resource that is not restricted to its annotated class applies globally).
 */
@QuarkusTestResource(EmbeddedInfraTestResource.class)
@QuarkusTestResource(TestSmtpResource.class)
public final class UsesEmbeddedInfra {
    private UsesEmbeddedInfra() {}
}
