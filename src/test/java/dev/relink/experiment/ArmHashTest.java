package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.relink.checks.Problem;

/** Who lands in which arm: by (experiment, external id) alone, in the share each weight gives. */
class ArmHashTest {

    static final Experiment THREE_ARMS = new Experiment("sms-first", Experiment.RUNNING, Set.of(), List.of(
            arm("control", 45), arm("sms-first", 45), new Experiment.Arm("holdout", 10, true, null, List.of(), List.of())));

    @Test
    void aPersonsArmIsFixedByTheExperimentAndTheirExternalIdAlone() {
        // fixed values: a change of hash (String.hashCode, a seed, the JVM) would move people between arms
        assertThat(ArmHash.arm(THREE_ARMS, "user-1").name()).isEqualTo(ArmHash.arm(copy(THREE_ARMS), "user-1").name());
        // slot = first 8 bytes of SHA-256("sms-first\0user-i"), unsigned, mod 100: 67 17 54 64 84 47 18 10 85 21 29 97
        assertThat(IntStream.range(0, 12).mapToObj(i -> ArmHash.arm(THREE_ARMS, "user-" + i).name()).toList())
                .containsExactly("sms-first", "control", "sms-first", "sms-first", "sms-first", "sms-first", "control",
                        "control", "sms-first", "control", "control", "holdout");
    }

    /**
     * Two replicas, each with its own mount of the same file (read separately, as two pods do): every
     * person lands in the same arm on both, whatever the incident (the incident is not part of the key).
     */
    @Test
    void twoReplicasReadingTheirOwnCopyOfTheFilePutEveryoneInTheSameArm(@TempDir Path pods) throws IOException {
        String file = Files.readString(Path.of("experiments.yaml")).replace("status: draft", "status: running");
        List<Experiment> perReplica = new ArrayList<>();
        for (String pod : List.of("replica-a", "replica-b")) {
            Path mount = Files.createDirectories(pods.resolve(pod)).resolve("experiments.yaml");
            Files.writeString(mount, file);
            List<Problem> problems = new ArrayList<>();
            perReplica.add(ExperimentsFile.read(mount, Path.of("templates"), problems).get(0));
            assertThat(problems).isEmpty();
        }
        for (int i = 0; i < 2000; i++) {
            assertThat(ArmHash.arm(perReplica.get(0), "person-" + i)).isEqualTo(ArmHash.arm(perReplica.get(1), "person-" + i));
        }
    }

    @Test
    void anotherExperimentShufflesPeopleAfresh() {
        Experiment other = new Experiment("another", Experiment.RUNNING, Set.of(), THREE_ARMS.arms());
        long same = IntStream.range(0, 1000)
                .filter(i -> ArmHash.arm(other, "user-" + i).name().equals(ArmHash.arm(THREE_ARMS, "user-" + i).name())).count();
        assertThat(same).isBetween(350L, 480L); // 0.45² + 0.45² + 0.1² = 41.5 % by chance
    }

    @Test
    void eachArmGetsItsWeightsShare() {
        Map<String, Long> counts = IntStream.range(0, 20000).mapToObj(i -> ArmHash.arm(THREE_ARMS, "person-" + i).name())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.get("control")).isBetween(8700L, 9300L);
        assertThat(counts.get("sms-first")).isBetween(8700L, 9300L);
        assertThat(counts.get("holdout")).isBetween(1800L, 2200L);
    }

    private static Experiment.Arm arm(String name, int weight) {
        return new Experiment.Arm(name, weight, false, null, List.of("sms"), List.of(Duration.ZERO));
    }

    private static Experiment copy(Experiment experiment) {
        return new Experiment(experiment.id(), experiment.status(), experiment.reasons(), List.copyOf(experiment.arms()));
    }
}
