package dev.relink.repair;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

import dev.relink.brand.Brand;

/**
 * One repair page state and its words: the template {@code templates/repair/page.mustache} shows
 * the state's title and text from {@code templates/repair/messages_<lang>.properties} under the
 * app's brand (name, logo, support and privacy links), error states marked as errors; the start and
 * renew states (what a {@code GET} shows) add the button that posts to {@code /repair/{token}/start}, and
 * the widget state (its answer) the element {@code repair.js} starts the widget from.
 */
enum RepairPage {

    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", true),
    EXPIRED(HttpStatus.GONE, "expired", true),
    ALREADY_FIXED(HttpStatus.OK, "already-fixed", false),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", true),
    TOO_MANY(HttpStatus.TOO_MANY_REQUESTS, "too-many", true),
    START(HttpStatus.OK, "start", false),
    RENEW(HttpStatus.OK, "renew", false),
    WIDGET(HttpStatus.OK, "widget", false);

    private static final String BUNDLE = "templates.repair.messages";

    private final HttpStatus status;
    private final String key;
    private final boolean error;

    RepairPage(HttpStatus status, String key, boolean error) {
        this.status = status;
        this.key = key;
        this.error = error;
    }

    ModelAndView render(String language, Brand brand, String bank, HttpServletResponse response) {
        return render(language, brand, bank, response, Map.of());
    }

    /**
     * The page in {@code language}, which {@code Content-Language} states too (see {@link RepairPageHeaders}),
     * under the app's brand, naming the bank ({@code bank} null: "your bank" in the page's language).
     */
    ModelAndView render(String language, Brand brand, String bank, HttpServletResponse response,
            Map<String, Object> extra) {
        response.setHeader(HttpHeaders.CONTENT_LANGUAGE, language);
        ResourceBundle words = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, Object> model = new HashMap<>(extra);
        model.put("lang", language);
        model.put("state", key);
        model.put("error", error);
        model.put("title", words.getString(key + ".title").replace("{app}", brand.appName())
                .replace("{bank}", bank != null ? bank : words.getString("bank.fallback")));
        model.put("text", words.getString(key + ".text"));
        model.put("brand", brand);
        model.put("help", words.getString("footer.help"));
        model.put("privacy", words.getString("footer.privacy"));
        if (this == START || this == RENEW) {
            model.put("button", words.getString(key + ".button"));
        }
        if (this == WIDGET) {
            for (String word : new String[] {"loading", "noscript", "done", "left"}) {
                model.put(word, words.getString("widget." + word));
            }
        }
        return new ModelAndView("repair/page", model, status);
    }
}
