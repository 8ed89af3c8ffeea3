package dev.relink.sandbox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Belvo's {@code GET /api/institutions/}, emulated at {@code /sandbox/api/institutions/} with the filters
 * Relink uses ({@code name}, {@code name__in}, {@code status}, {@code status__in}). The emulator has a
 * handful of institutions (and those tests and benchmarks add), so every answer is one page ({@code next} null).
 */
@SandboxApi
@RequestMapping("/sandbox/api/institutions")
class SandboxInstitutionsController {

    private final SandboxInstitutions institutions;

    SandboxInstitutionsController(SandboxInstitutions institutions) {
        this.institutions = institutions;
    }

    @GetMapping("/")
    Map<String, Object> list(HttpServletRequest request) {
        Predicate<Map<String, Object>> filter = matching(request, "name").and(matching(request, "status"));
        List<Map<String, Object>> results = institutions.all().stream().filter(filter).toList();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("count", results.size());
        envelope.put("next", null);
        envelope.put("previous", null);
        envelope.put("results", results);
        return envelope;
    }

    /** {@code field=value} and {@code field__in=a,b}; neither given: any. */
    private static Predicate<Map<String, Object>> matching(HttpServletRequest request, String field) {
        String exact = request.getParameter(field);
        String any = request.getParameter(field + "__in");
        if (exact == null && any == null) {
            return institution -> true;
        }
        Set<String> wanted = exact != null ? Set.of(exact)
                : Arrays.stream(any.split(",")).map(String::trim).collect(Collectors.toSet());
        return institution -> wanted.contains(String.valueOf(institution.get(field)));
    }
}
