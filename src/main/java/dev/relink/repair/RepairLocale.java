package dev.relink.repair;

import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.relink.incident.Incident;
import dev.relink.incident.IncidentQueries;

/**
 * The language of a repair page: the contact's own locale when the app told us one, else the
 * browser's {@code Accept-Language}, else English. Only the languages Belvo's widget speaks.
 */
@Component
class RepairLocale {

    static final Set<String> SUPPORTED = Set.of("es", "pt", "en");
    static final String FALLBACK = "en";

    private final JdbcTemplate jdbc;
    private final IncidentQueries incidents;

    RepairLocale(JdbcTemplate jdbc, IncidentQueries incidents) {
        this.jdbc = jdbc;
        this.incidents = incidents;
    }

    String forIncident(String incidentId, HttpServletRequest request) {
        String externalId = incidents.find(incidentId).map(Incident::externalId).orElse(null);
        List<String> contactLocales = externalId == null ? List.of()
                : jdbc.queryForList("select locale from contact where external_id = ?", String.class, externalId);
        String fromContact = contactLocales.isEmpty() ? null : supported(contactLocales.get(0));
        return fromContact != null ? fromContact : forRequest(request);
    }

    /** The first supported language in {@code Accept-Language}, in the browser's order of preference. */
    static String forRequest(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return FALLBACK;
        }
        Enumeration<Locale> locales = request.getLocales();
        while (locales.hasMoreElements()) {
            String language = supported(locales.nextElement().getLanguage());
            if (language != null) {
                return language;
            }
        }
        return FALLBACK;
    }

    /** {@code es-MX}, {@code pt_BR}, {@code ES} → the bare supported language, or null. */
    static String supported(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        String language = locale.trim().split("[-_]")[0].toLowerCase(Locale.ROOT);
        return SUPPORTED.contains(language) ? language : null;
    }
}
