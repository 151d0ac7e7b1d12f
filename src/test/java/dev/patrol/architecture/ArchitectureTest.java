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
                .resideInAnyPackage("dev.patrol.write..", "dev.patrol.api..")
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
    void resourcesNeitherQueryTheDatabaseNorTalkToKafka() {
        noClasses()
                .that()
                .resideInAPackage("dev.patrol.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..",
                        "io.vertx.pgclient..",
                        "io.vertx.mutiny.pgclient..",
                        "org.apache.kafka..",
                        "org.eclipse.microprofile.reactive.messaging..",
                        "io.smallrye.reactive.messaging..")
                .because("resources build a command and call a handler, or ask readmodel/validation")
                .check(MAIN);
    }

    @Test
    void webPagesGoThroughTheApiAndNothingElse() {
        noClasses()
                .that()
                .resideInAPackage("dev.patrol.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.patrol.write..",
                        "dev.patrol.projection..",
                        "dev.patrol.validation..",
                        "dev.patrol.policy..",
                        "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..",
                        "org.apache.kafka..")
                .because("the pages render what the API resources answer: no second implementation of a rule")
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
                .callConstructor(
                        org.apache.kafka.clients.producer.KafkaProducer.class,
                        java.util.Map.class,
                        org.apache.kafka.common.serialization.Serializer.class,
                        org.apache.kafka.common.serialization.Serializer.class)
                .orShould()
                .callMethod(org.apache.kafka.clients.admin.Admin.class, "create", java.util.Map.class)
                .because("every client shares the operator's kafka.* settings (TLS, SASL) and Patrol's defaults")
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
