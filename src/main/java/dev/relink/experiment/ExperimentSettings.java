package dev.relink.experiment;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How experiments are judged ({@code relink.experiments.*}; the defaults, with what each means, are in
 * {@code application.yaml}).
 *
 * @param outcomeWindow  repaired within this long of the assignment is the outcome
 * @param confidence     of every interval and comparison
 * @param smallestEffect the difference of repair rates that matters (also the comparisons' mixture spread)
 */
@Validated
@ConfigurationProperties("relink.experiments")
record ExperimentSettings(
        @NotNull Duration outcomeWindow,
        @DecimalMin("0.5") @DecimalMax("0.999") double confidence,
        @DecimalMin("0.001") @DecimalMax("0.5") double smallestEffect) {
}
