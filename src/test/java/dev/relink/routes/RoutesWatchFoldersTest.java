package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The watcher reads the folders as the defaults name them, relative to the working directory
 * ({@code ./routes}, {@code ./templates}): a path the listing already gives inside the folder must not
 * be resolved against it a second time (a bare {@code java -jar relink.jar} from the repository once
 * failed to start on {@code routes/routes/app-events.yaml}).
 */
class RoutesWatchFoldersTest {

    @Test
    void relativeRoutesFolderIsReadFileByFile() throws IOException {
        Map<String, String> routes = RoutesWatch.read(Path.of("./routes"), false);

        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            assertThat(routes.keySet()).containsExactlyInAnyOrderElementsOf(shipped
                    .filter(file -> file.toString().endsWith(".yaml")).map(file -> file.getFileName().toString()).toList());
        }
        assertThat(routes.get("detect-webhooks.yaml")).contains("detect.webhook-intake");
    }

    @Test
    void relativeTemplatesFolderIsReadByPathsInsideIt() throws IOException {
        Map<String, String> templates = RoutesWatch.read(Path.of("templates"), true);

        assertThat(templates).containsKey("signals.yaml");
        assertThat(templates.keySet()).anyMatch(path -> path.startsWith("token_required/"));
        assertThat(templates.get("signals.yaml")).isEqualTo(Files.readString(Path.of("templates/signals.yaml")));
    }
}
