package dev.patrol.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.patrol.domain.TokenCommand;
import dev.patrol.domain.TokenEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code is the architecture (docs/architecture.md): these rules keep it so. Each
 * names the package a class may not reach and why, so a failure says what to move.
 */
class ArchitectureTest {

    /** The HTTP surface (people's API, administration, gateway checks, shared HTTP, pages) and the services under it. */
    static final String[] HTTP_AND_SERVICES = {
        "dev.patrol.api..",
        "dev.patrol.admin..",
        "dev.patrol.gateway..",
        "dev.patrol.http..",
        "dev.patrol.ui..",
        "dev.patrol.service.."
    };

    /** What talks to PostgreSQL: the reactive client, and Panache or Hibernate should they come back. */
    static final String[] DATABASE_CLIENTS = {
        "io.vertx.sqlclient..",
        "io.vertx.mutiny.sqlclient..",
        "io.vertx.pgclient..",
        "io.vertx.mutiny.pgclient..",
        "io.quarkus.hibernate.reactive.panache..",
        "org.hibernate.."
    };

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.patrol");

    @Test
    void domainDependsOnlyOnTheJavaLibrary() {
        classes()
                .that()
                .resideInAPackage("dev.patrol.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.patrol.domain..")
                .because("commands are decided and events applied as pure functions, free of any framework")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.patrol.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void readPathDoesNotDependOnTheWritePath() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.patrol.validation..", "dev.patrol.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(HTTP_AND_SERVICES)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("dev.patrol.write..")
                .because("validation must keep working, and stay fast, whatever the write path does;"
                        + " reuse detection reaches it through validation.ReuseRevocation")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("dev.patrol.edge..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.patrol.validation..")
                .because("the edge cache holds what validation reads; validation uses it, not the other way")
                .check(MAIN);
    }

    @Test
    void resourcesPagesAndServicesNeitherQueryTheDatabaseNorTalkToKafka() {
        noClasses()
                .that()
                .resideInAnyPackage(HTTP_AND_SERVICES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DATABASE_CLIENTS)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "org.eclipse.microprofile.reactive.messaging..",
                        "io.smallrye.reactive.messaging..")
                .because("they build a command and call a handler, or ask the read model's repositories")
                .check(MAIN);
    }

    @Test
    void sqlLivesInTheRepositories() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.patrol.repository..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DATABASE_CLIENTS)
                .because("the tables are read and written by the repositories (dev.patrol.repository),"
                        + " on the reactive SQL client (Panache, should it come back, off the"
                        + " hot path): docs/architecture.md")
                .check(MAIN);
    }

    @Test
    void applicationServicesKnowNothingOfHttp() {
        noClasses()
                .that()
                .resideInAPackage("dev.patrol.service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.ws.rs..",
                        "dev.patrol.http..",
                        "dev.patrol.api..",
                        "dev.patrol.admin..",
                        "dev.patrol.gateway..",
                        "dev.patrol.ui..")
                .because("the REST resources and the web pages both call them and map their typed answers")
                .check(MAIN);
    }

    @Test
    void resourcesSendCommandsThroughTheApplicationServices() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.patrol.api..", "dev.patrol.admin..", "dev.patrol.gateway..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.patrol.write..")
                .because("a command's rules (who may, which policy, what answer) live in one service that the"
                        + " API, the pages and the OAuth endpoints share")
                .check(MAIN);
    }

    @Test
    void webPagesCallTheApplicationServicesNotTheResources() {
        noClasses()
                .that()
                .resideInAPackage("dev.patrol.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.patrol.api..",
                        "dev.patrol.admin..",
                        "dev.patrol.gateway..",
                        "dev.patrol.write..",
                        "dev.patrol.projection..",
                        "dev.patrol.validation..",
                        "dev.patrol.policy..")
                .orShould()
                .callMethod(jakarta.ws.rs.core.Response.class, "getEntity")
                .because("a page renders what a service answers, like the API: no second implementation of a"
                        + " rule, no unwrapping of another layer's HTTP answer")
                .check(MAIN);
    }

    @Test
    void onlyKafkaClientsBuildsKafkaClients() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.patrol.eventlog.KafkaClients")
                .should()
                .callConstructor(
                        org.apache.kafka.clients.consumer.KafkaConsumer.class,
                        java.util.Map.class,
                        org.apache.kafka.common.serialization.Deserializer.class,
                        org.apache.kafka.common.serialization.Deserializer.class)
                .orShould()
                .callMethod(org.apache.kafka.clients.admin.Admin.class, "create", java.util.Map.class)
                .because("every client shares the operator's kafka.* settings (TLS, SASL) and Patrol's defaults")
                .check(MAIN);
    }

    @Test
    void everyProducerIsASmallRyeChannel() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(org.apache.kafka.clients.producer.Producer.class)
                .because("records go out through MutinyEmitter channels (application.properties), which the"
                        + " connector sends off the caller's thread with the operator's kafka.* settings")
                .check(MAIN);
    }

    @Test
    void commandsAndEventsAreNamedRecords() {
        classes()
                .that()
                .implement(TokenCommand.class)
                .should()
                .beRecords()
                .andShould()
                .haveSimpleNameEndingWith("Command")
                .check(MAIN);
        classes()
                .that()
                .implement(TokenEvent.class)
                .should()
                .beRecords()
                .andShould()
                .haveSimpleNameEndingWith("Event")
                .check(MAIN);
    }
}
