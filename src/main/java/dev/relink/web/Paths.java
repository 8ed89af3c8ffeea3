package dev.relink.web;

import java.util.Arrays;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Path rules as Spring MVC routes: on the decoded path, segment by segment, without {@code ;}
 * parameters. A rule tested on the raw request URI misses {@code /%61pi/...}, which MVC serves as
 * {@code /api/...}.
 */
final class Paths {

    private Paths() {
    }

    static RequestMatcher[] of(String... patterns) {
        return Arrays.stream(patterns).map(PathPatternRequestMatcher.withDefaults()::matcher)
                .toArray(RequestMatcher[]::new);
    }

    /** One matcher for a chain's scope. */
    static RequestMatcher anyOf(String... patterns) {
        return new OrRequestMatcher(of(patterns));
    }
}
