package dev.relink.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The HTTP Basic credentials Prometheus scrapes {@code /actuator/prometheus} and {@code /actuator/metrics} with. */
@ConfigurationProperties("relink.metrics")
public record MetricsProperties(@DefaultValue("prometheus") String username, String password) {

    @Override
    public String toString() {
        return "MetricsProperties[username=" + username + ", password=****]";
    }
}
