package dev.relink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import dev.relink.belvo.WireMockBelvoTest;

/**
 * The booted tests share four cached application contexts, one per base (docs/internals.md, "How the booted
 * tests share what they boot"): Spring makes another context for every class that declares a configuration of
 * its own, so only the bases may. A setting no base can have goes to an app the test starts itself
 * ({@link RelinkOnPostgres}, {@link RelinkInProduction}).
 */
class TestContextsTest {

    static final Set<Class<?>> BASES = Set.of(RelinkIntegrationTest.class, RelinkOnTestClock.class,
            RelinkOnConfigMaps.class, WireMockBelvoTest.class);

    /** What makes a test class's context differ from its base's (directly or as a meta-annotation). */
    static final List<Class<? extends Annotation>> OWN_CONTEXT = List.of(SpringBootTest.class, TestPropertySource.class,
            DynamicPropertySource.class, Import.class, ActiveProfiles.class, ContextConfiguration.class,
            DirtiesContext.class, MockitoBean.class, MockitoSpyBean.class);

    static final JavaClasses TESTS = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("dev.relink");

    @Test
    void onlyTheFourBasesDeclareAContextOfTheirOwn() {
        List<String> declaring = TESTS.stream().filter(TestContextsTest::hasTests)
                .flatMap(test -> Stream.concat(Stream.of(test), test.getAllRawSuperclasses().stream())).distinct()
                .filter(TestContextsTest::declaresAContext).map(JavaClass::getName).toList();

        assertThat(declaring).containsAll(BASES.stream().map(Class::getName).toList())
                .as("test classes with a context of their own (docs/internals.md lists the bases)")
                .containsExactlyInAnyOrderElementsOf(BASES.stream().map(Class::getName).toList());
    }

    /** A class with tests (other test sources, such as the emulator's, are none). */
    private static boolean hasTests(JavaClass type) {
        return type.getMethods().stream().anyMatch(method -> method.isMetaAnnotatedWith(Test.class));
    }

    private static boolean declaresAContext(JavaClass test) {
        Stream<CanBeAnnotated> members = Stream.concat(Stream.concat(Stream.of(test), test.getFields().stream()),
                test.getMethods().stream());
        return members.anyMatch(member -> OWN_CONTEXT.stream().anyMatch(member::isMetaAnnotatedWith));
    }
}
