package dev.relink.routes;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.ExitCodeGenerator;

import dev.relink.checks.Problem;

/** Start-up stopped because a route file or template has a mistake; exit code 1. */
class RoutesRefused extends RuntimeException implements ExitCodeGenerator {

    private final transient List<Problem> problems;

    RoutesRefused(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }

    @Override
    public int getExitCode() {
        return 1;
    }
}
