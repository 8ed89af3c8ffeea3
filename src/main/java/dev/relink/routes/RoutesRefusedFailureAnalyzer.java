package dev.relink.routes;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link RoutesRefused} into Spring Boot's plain start-up report: the problem lines, no stack trace. */
class RoutesRefusedFailureAnalyzer extends AbstractFailureAnalyzer<RoutesRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutesRefused cause) {
        return new FailureAnalysis("Relink did not start: " + cause.problems().size()
                + " problem(s) in the routes and templates it loads:\n" + cause.getMessage(),
                "Fix each file:line above and start again; check an edit first with: java -jar relink.jar validate",
                cause);
    }
}
