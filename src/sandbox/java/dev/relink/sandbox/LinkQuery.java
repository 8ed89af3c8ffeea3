package dev.relink.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.relink.belvo.Link;

/**
 * {@code GET /links/} as Belvo answers it: filters ({@code field} and {@code field__in}, comma
 * separated, as many values as the URL holds: Belvo's spec sets no maximum; {@code id} values are
 * UUIDs in any case, as the spec types them, and one that is not is Belvo's 400 {@code invalid}), {@code page}
 * from 1, {@code page_size} default 100 and silently clamped to 1,000, and
 * the envelope {@code {count, next, previous, results}} whose page URLs are absolute and keep every
 * other query parameter (sorted and form-encoded, as Django REST framework writes them).
 */
final class LinkQuery {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private static final Map<String, Function<SandboxLink, String>> FIELDS = Map.of(
            "id", SandboxLink::id,
            "institution", SandboxLink::institution,
            "external_id", SandboxLink::externalId,
            "status", SandboxLink::status,
            "access_mode", SandboxLink::accessMode);

    private final Predicate<SandboxLink> filter;
    private final int page;
    private final int pageSize;

    private LinkQuery(Predicate<SandboxLink> filter, int page, int pageSize) {
        this.filter = filter;
        this.page = page;
        this.pageSize = pageSize;
    }

    static LinkQuery of(Map<String, String[]> parameters) {
        Predicate<SandboxLink> filter = link -> true;
        for (Map.Entry<String, Function<SandboxLink, String>> field : FIELDS.entrySet()) {
            String name = field.getKey();
            Set<String> wanted = wanted(parameters, name);
            if (wanted != null) {
                Function<SandboxLink, String> value = field.getValue();
                filter = filter.and(link -> {
                    String actual = value.apply(link);
                    return actual != null && wanted.contains(actual);
                });
            }
        }
        return new LinkQuery(filter, page(first(parameters, "page")), pageSize(first(parameters, "page_size")));
    }

    /** The envelope for this page; a page past the last is Belvo's 404 "Invalid page.". */
    Map<String, Object> answer(SandboxLinks links, HttpServletRequest request) {
        long offset = (long) (page - 1) * pageSize;
        if (offset > Integer.MAX_VALUE) {
            throw SandboxError.invalidPage();
        }
        SandboxLinks.Page found = links.page(filter, (int) offset, pageSize);
        if (page > 1 && found.results().isEmpty()) {
            throw SandboxError.invalidPage();
        }
        boolean hasNext = (long) page * pageSize < found.count();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("count", found.count());
        envelope.put("next", hasNext ? pageUrl(request, page + 1) : null);
        envelope.put("previous", page > 1 ? pageUrl(request, page - 1) : null);
        envelope.put("results", found.results().stream().map(SandboxLink::toJson).toList());
        return envelope;
    }

    /** This request's absolute URL at another page; page 1 is written without {@code page}, as Belvo does. */
    static String pageUrl(HttpServletRequest request, int target) {
        Map<String, String[]> query = new TreeMap<>(request.getParameterMap());
        query.remove("page");
        if (target > 1) {
            query.put("page", new String[] {String.valueOf(target)});
        }
        List<String> pairs = new ArrayList<>();
        query.forEach((name, values) -> Arrays.stream(values)
                .forEach(value -> pairs.add(encode(name) + "=" + encode(value))));
        String base = ServletUriComponentsBuilder.fromRequestUri(request).build().toUriString();
        return pairs.isEmpty() ? base : base + "?" + String.join("&", pairs);
    }

    private static Set<String> wanted(Map<String, String[]> parameters, String name) {
        String exact = first(parameters, name);
        String anyOf = first(parameters, name + "__in");
        if (exact == null && anyOf == null) {
            return null;
        }
        Set<String> wanted = exact != null ? Set.of(exact)
                : Arrays.stream(anyOf.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                        .collect(Collectors.toSet());
        String field = exact != null ? name : name + "__in";
        Set<String> choices = "status".equals(name) ? SandboxLink.STATUSES
                : "access_mode".equals(name) ? SandboxLink.ACCESS_MODES : null;
        if (choices != null) {
            wanted.stream().filter(v -> !choices.contains(v)).findFirst().ifPresent(bad -> {
                throw SandboxError.invalidChoice(field, bad);
            });
        }
        if ("id".equals(name)) {
            wanted.stream().filter(value -> !Link.isId(value)).findFirst().ifPresent(bad -> {
                throw SandboxError.invalid(field, "Enter a valid UUID.");
            });
            return wanted.stream().map(value -> value.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        }
        return wanted;
    }

    static int page(String raw) {
        if (raw == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(raw.trim());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // falls through to Belvo's answer for any page it cannot serve
        }
        throw SandboxError.invalidPage();
    }

    static int pageSize(String raw) {
        if (raw == null) {
            return DEFAULT_PAGE_SIZE;
        }
        long size;
        try {
            size = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw SandboxError.invalid("page_size", "A valid integer is required.");
        }
        if (size < 1) {
            throw SandboxError.minValue("page_size", 1);
        }
        return (int) Math.min(size, MAX_PAGE_SIZE);
    }

    static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 || values[0].isBlank() ? null : values[0];
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
