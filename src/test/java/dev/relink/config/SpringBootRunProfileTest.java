package dev.relink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The README's first command, {@code ./mvnw spring-boot:run}, is the local try-out with everything
 * embedded: the plugin names the profile, since a start naming none is prod, and runs on the test
 * classpath, where the emulator is.
 */
class SpringBootRunProfileTest {

    @Test
    void springBootRunStartsTheLocalProfileAndOnlyThat() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList profiles = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                "/project/build/plugins/plugin[artifactId='spring-boot-maven-plugin']/configuration/profiles/profile",
                pom, XPathConstants.NODESET);

        assertThat(profiles.getLength()).isEqualTo(1);
        assertThat(profiles.item(0).getTextContent().trim()).isEqualTo(RequiredSettings.LOCAL_PROFILE);
        assertThat(Files.readString(Path.of("README.md"))).contains("./mvnw spring-boot:run     # run Relink locally");
    }

    /**
     * The emulator is test classpath only (src/sandbox, so not in the jar): spring-boot:run takes the
     * test-scope dependencies (GreenMail) and the test classes (the emulator, its pages) along.
     */
    @Test
    void springBootRunPutsTheEmulatorBesideTheApp() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String plugin = "/project/build/plugins/plugin[artifactId='spring-boot-maven-plugin']/configuration/";

        assertThat(XPathFactory.newInstance().newXPath().evaluate(plugin + "useTestClasspath", pom).trim()).isEqualTo("true");
        assertThat(XPathFactory.newInstance().newXPath().evaluate(
                plugin + "additionalClasspathElements/additionalClasspathElement", pom).trim())
                .isEqualTo("${project.build.testOutputDirectory}");
        assertThat(XPathFactory.newInstance().newXPath().evaluate(
                "/project/build/plugins/plugin[artifactId='build-helper-maven-plugin']//source", pom).trim())
                .isEqualTo("src/sandbox/java");
    }
}
