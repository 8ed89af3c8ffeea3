package dev.relink.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The repair report's settings ({@code relink.report.*}; the defaults are in application.yaml).
 *
 * @param costPerMessage what one message costs per channel (SMS and WhatsApp are paid per message)
 * @param currency the currency of those costs, as the report prints it
 * @param metricsWindow the incidents the Prometheus gauges cover: those detected this long before now
 * @param metricsRefresh how old the gauges' figures may get before a scrape reads them anew
 */
@Validated
@ConfigurationProperties("relink.report")
record ReportProperties(
        @NotNull Map<String, @NotNull BigDecimal> costPerMessage,
        @NotBlank String currency,
        @NotNull @DurationUnit(ChronoUnit.DAYS) Duration metricsWindow,
        @NotNull Duration metricsRefresh) {

    Costs costs() {
        return new Costs(costPerMessage, currency);
    }
}
