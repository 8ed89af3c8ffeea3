package dev.relink.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Spring Boot's report for a taken HTTP port, naming the setting that moves Relink to another one. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        return new FailureAnalysis("Relink cannot listen for HTTP on port " + cause.getPort()
                + ": the port is in use. Set server.port (env SERVER_PORT) to a free port.",
                "Free the port or start Relink with another, e.g. --server.port=18080.", cause);
    }
}
