package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The user model's draws: the most specific rule, the bank only once started, reproducible, at the stated rates. */
class PeopleModelTest {

    static final PeopleModel MODEL = new PeopleModel(7, new PeopleModel.Unprompted(0.1, Duration.ofMinutes(20)),
            Map.of("short", "one minute"), List.of(
                    new PeopleModel.Rule("email", null, null, 0.5, 0.4, Duration.ofMinutes(10), Duration.ofMinutes(2)),
                    new PeopleModel.Rule("email", "short", null, 0.6, 0.5, Duration.ofMinutes(10), Duration.ofMinutes(2)),
                    new PeopleModel.Rule("email", "short", "gringotts_mx_retail", 0.9, 0.0, Duration.ofMinutes(10),
                            Duration.ofMinutes(2))));

    @Test
    void aVariantIsToldApartByWhatItsMessagesSay() {
        assertThat(MODEL.variantOf("Reconnect Heimdall Bank: one minute")).isEqualTo("short");
        assertThat(MODEL.variantOf("Relink needs you to reconnect Heimdall Bank")).isEqualTo("default");
    }

    @Test
    void eachRateIsWhatTheMostSpecificRuleSaysAndTheBankCountsOnlyOnceStarted() {
        assertThat(share(i -> MODEL.start("p" + i, "email", "default").happens())).isCloseTo(0.5, within(0.01));
        assertThat(share(i -> MODEL.start("p" + i, "email", "short").happens()))
                .as("the gringotts rule's start (0.9) is not used: nobody knows the bank before the widget").isCloseTo(0.6, within(0.01));
        assertThat(share(i -> MODEL.finish("p" + i, "email", "short", "heimdall_mx_retail").happens())).isCloseTo(0.5, within(0.01));
        assertThat(share(i -> MODEL.finish("p" + i, "email", "short", "gringotts_mx_retail").happens())).isZero();
        assertThat(share(i -> MODEL.start("p" + i, "sms", "default").happens())).as("no rule for SMS: nobody").isZero();
        assertThat(share(i -> MODEL.unpromptedRepair("link" + i).happens())).isCloseTo(0.1, within(0.01));
    }

    @Test
    void theSameSeedPlaysTheSamePeopleAndEachDelayIsWithinHalfToOneAndAHalfTimesTheRules() {
        PeopleModel again = new PeopleModel(7, MODEL.unprompted(), MODEL.variants(), MODEL.rules());
        PeopleModel other = new PeopleModel(8, MODEL.unprompted(), MODEL.variants(), MODEL.rules());
        for (int i = 0; i < 1_000; i++) {
            PeopleModel.Step step = MODEL.start("p" + i, "email", "default");
            assertThat(again.start("p" + i, "email", "default")).isEqualTo(step);
            assertThat(step.after()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(15));
        }
        assertThat(IntStream.range(0, 1_000).filter(i -> MODEL.start("p" + i, "email", "default")
                .equals(other.start("p" + i, "email", "default"))).count()).as("another seed, other people").isLessThan(100);
    }

    private static double share(java.util.function.IntPredicate happens) {
        int n = 100_000;
        return (double) IntStream.range(0, n).filter(happens).count() / n;
    }
}
