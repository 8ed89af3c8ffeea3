package dev.relink.repair;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * One repair page state and its words: the template {@code templates/repair/page.mustache} shows
 * the state's title and text from {@code templates/repair/messages_<lang>.properties}, and, for the
 * widget state, the element {@code repair.js} starts the widget from.
 */
enum RepairPage {

    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found"),
    EXPIRED(HttpStatus.GONE, "expired"),
    ALREADY_FIXED(HttpStatus.OK, "already-fixed"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable"),
    WIDGET(HttpStatus.OK, "widget");

    private static final String BUNDLE = "templates.repair.messages";

    private final HttpStatus status;
    private final String key;

    RepairPage(HttpStatus status, String key) {
        this.status = status;
        this.key = key;
    }

    ModelAndView render(String language, HttpServletResponse response) {
        return render(language, response, Map.of());
    }

    /** The page in {@code language}, which {@code Content-Language} states too (see {@link RepairPageHeaders}). */
    ModelAndView render(String language, HttpServletResponse response, Map<String, Object> extra) {
        response.setHeader(HttpHeaders.CONTENT_LANGUAGE, language);
        ResourceBundle words = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, Object> model = new HashMap<>(extra);
        model.put("lang", language);
        model.put("state", key);
        model.put("title", words.getString(key + ".title"));
        model.put("text", words.getString(key + ".text"));
        if (this == WIDGET) {
            for (String word : new String[] {"loading", "noscript", "done", "left"}) {
                model.put(word, words.getString("widget." + word));
            }
        }
        return new ModelAndView("repair/page", model, status);
    }
}
