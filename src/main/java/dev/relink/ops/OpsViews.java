package dev.relink.ops;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every console page shows around its content: the CSRF token its forms post back (Spring
 * Security checks it), and helpers that turn times and lists into what a template prints.
 * A value a template prints is never null (JMustache refuses a null variable); optional values are
 * only used as sections.
 */
@ControllerAdvice(assignableTypes = {OpsOverview.class, OpsIncidents.class, OpsDeadLetters.class, OpsWebhooks.class,
        OpsLogin.class, OpsReport.class, OpsExperiments.class})
class OpsViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** The hidden field every console form carries. */
    record Csrf(String parameterName, String token) {

        /** The request's token, or null when Spring Security gave it none. */
        static Csrf of(HttpServletRequest request) {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            return token == null ? null : new Csrf(token.getParameterName(), token.getToken());
        }
    }

    /** A previous/next pager over a list the user filtered. */
    record Pager(String previous, String next, String summary) {
    }

    /** Which tab of the console's navigation is the current page. */
    record Nav(boolean overview, boolean incidents, boolean deadLetters, boolean webhooks, boolean report,
            boolean experiments) {

        static Nav of(String page) {
            return new Nav(page.equals("overview"), page.equals("incidents"), page.equals("dead-letters"),
                    page.equals("webhooks"), page.equals("report"), page.equals("experiments"));
        }
    }

    /** One option of a filter's drop-down. */
    record Option(String value, String label, boolean selected) {
    }

    @ModelAttribute("csrf")
    Csrf csrf(HttpServletRequest request) {
        return Csrf.of(request);
    }

    static String time(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.withOffsetSameInstant(ZoneOffset.UTC));
    }

    static String time(Instant at) {
        return at == null ? "" : time(at.atOffset(ZoneOffset.UTC));
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Options for a filter, the current value selected ("" = any). */
    static List<Option> options(List<String> values, String current) {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "any", current == null || current.isBlank()));
        values.forEach(value -> options.add(new Option(value, value, value.equals(current))));
        return options;
    }

    /** Links to the neighbouring pages of {@code path}, keeping the user's filters. */
    static Pager pager(String path, Map<String, String> params, int page, int size, long total) {
        long last = total == 0 ? 0 : (total - 1) / size;
        String summary = total == 0 ? "none" : (page * (long) size + 1) + "–" + Math.min(total, (page + 1L) * size)
                + " of " + total;
        return new Pager(page > 0 ? link(path, params, page - 1) : null, page < last ? link(path, params, page + 1) : null,
                summary);
    }

    private static String link(String path, Map<String, String> params, int page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        params.forEach((name, value) -> {
            if (!name.equals("page") && value != null && !value.isBlank()) {
                uri.queryParam(name, value);
            }
        });
        return uri.queryParam("page", page).encode().build().toUriString();
    }
}
