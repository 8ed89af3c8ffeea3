package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import dev.relink.checks.Problem;

/**
 * The ladder's defaults are written out in the shipped application.yaml (relink.prompt) and nowhere
 * else: bound from that file they are the documented ladder, and without it there is no default to
 * fall back on, only a refusal naming the missing setting.
 */
class LadderDefaultsTest {

    @Test
    void theShippedFileHoldsTheLadderThatRuns() throws IOException {
        List<Problem> problems = new ArrayList<>();

        PromptSettings ladder = PromptCheck.settings(shipped(), problems);

        assertThat(problems).isEmpty();
        assertThat(ladder.steps()).containsExactly(Duration.ZERO, Duration.ofHours(24), Duration.ofHours(72));
        assertThat(ladder.channels()).containsExactly("email", "email", "sms");
        assertThat(ladder.expireAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(ladder.capPerLinkPerDay()).isEqualTo(1);
        assertThat(ladder.capPerContactPerDay()).isEqualTo(3);
        assertThat(ladder.hasQuietHours()).isFalse();
        assertThat(ladder.defaultTimeZone()).isEqualTo("UTC");
        assertThat(ladder.defaultLocale()).isEqualTo("en");
        assertThat(ladder.claimLease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ladder.batchSize()).isEqualTo(50);
        assertThat(shipped().getProperty("relink.prompt.tick-interval")).isEqualTo("10000");
    }

    @Test
    void withoutTheFileThereIsNoHiddenDefaultOnlyARefusal() {
        List<Problem> problems = new ArrayList<>();

        PromptSettings ladder = PromptCheck.settings(new StandardEnvironment(), problems);

        assertThat(ladder).isNull();
        assertThat(problems).extracting(Problem::toString).anySatisfy(message -> assertThat(message).contains("relink.prompt.steps"))
                .anySatisfy(message -> assertThat(message).contains("relink.prompt.expire-after"));
    }

    private static StandardEnvironment shipped() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment;
    }
}
