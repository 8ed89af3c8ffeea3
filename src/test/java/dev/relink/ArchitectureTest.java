package dev.relink;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The boundaries between Relink's packages (docs/internals.md, "Layout"), on the product's compiled
 * classes (not the tests'): each capability is a package, reached through the public types it names.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.relink");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.relink.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void theProductDoesNotDependOnTheEmulator() {
        noClasses().that().resideOutsideOfPackage("dev.relink.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("dev.relink.sandbox..")
                .because("the sandbox emulates Belvo and a carrier beside the product; the product names only its own interfaces")
                .check(PRODUCT);
    }

    @Test
    void onlyTheApplicationStartsTheChecker() {
        noClasses().that().resideOutsideOfPackage("dev.relink.routes..")
                .and().doNotHaveFullyQualifiedName(RelinkApplication.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.relink.routes..")
                .because("routes checks every capability's files, so none may depend on it back (shared pieces live in checks)")
                .check(PRODUCT);
    }

    @Test
    void noCapabilityDependsOnTheApplicationClass() {
        noClasses().that().resideOutsideOfPackage("dev.relink")
                .should().dependOnClassesThat().resideInAPackage("dev.relink")
                .check(PRODUCT);
    }

    @Test
    void checksDependOnNoCapability() {
        noClasses().that().resideInAPackage("dev.relink.checks..")
                .should().dependOnClassesThat(resideInAPackage("dev.relink..").and(not(resideInAPackage("dev.relink.checks.."))))
                .because("the capabilities and the checker share it")
                .check(PRODUCT);
    }

    @Test
    void controllersAreCalledOnlyOverHttp() {
        noClasses().that().areNotMetaAnnotatedWith(Controller.class)
                .and().areNotMetaAnnotatedWith(ControllerAdvice.class) // names the controllers it advises
                .should().dependOnClassesThat().areMetaAnnotatedWith(Controller.class)
                .because("a page or an endpoint is an entry point; what other code needs lives in a class of its own")
                .check(PRODUCT);
    }
}
