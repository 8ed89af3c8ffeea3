package dev.relink.routes;

import java.util.List;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.checks.Problem;

/**
 * Start-up runs the checks of {@code relink validate} before anything else: no server port, no
 * database connection, no Camel route exists yet. A mistake stops the start at once with the same
 * {@code file:line:column} lines (see {@link RoutesRefusedFailureAnalyzer}) and exit code 1, instead
 * of a half-started hub, a hang, or a route running without its error policy.
 */
public class CheckOnStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        List<Problem> problems = RoutesValidator.validate(context.getEnvironment());
        if (!problems.isEmpty()) {
            throw new RoutesRefused(problems);
        }
    }
}
