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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Belvo's {@code /api/consents/} (OFDA), emulated at {@code /sandbox/api/consents/}: list and detail.
 * Filters: {@code user_document} and its announced new name {@code document_number}, and {@code id}/{@code id__in}.
 */
@SandboxApi
@RequestMapping("/sandbox/api/consents")
class SandboxConsentsController {

    private final SandboxConsents consents;

    SandboxConsentsController(SandboxConsents consents) {
        this.consents = consents;
    }

    @GetMapping("/")
    Map<String, Object> list(HttpServletRequest request) {
        Map<String, String[]> parameters = request.getParameterMap();
        int page = LinkQuery.page(LinkQuery.first(parameters, "page"));
        int pageSize = LinkQuery.pageSize(LinkQuery.first(parameters, "page_size"));
        List<SandboxConsent> found = consents.list(filter(parameters));
        long offset = (long) (page - 1) * pageSize;
        if (page > 1 && offset >= found.size()) {
            throw SandboxError.invalidPage();
        }
        boolean hasNext = offset + pageSize < found.size();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("count", found.size());
        envelope.put("next", hasNext ? LinkQuery.pageUrl(request, page + 1) : null);
        envelope.put("previous", page > 1 ? LinkQuery.pageUrl(request, page - 1) : null);
        envelope.put("results", found.stream().skip(offset).limit(pageSize).map(SandboxConsent::toJson).toList());
        return envelope;
    }

    @GetMapping("/{id}/")
    Map<String, Object> detail(@PathVariable String id) {
        return consents.find(id).orElseThrow(SandboxError::notFound).toJson();
    }

    private static Predicate<SandboxConsent> filter(Map<String, String[]> parameters) {
        String document = LinkQuery.first(parameters, "document_number");
        String userDocument = document != null ? document : LinkQuery.first(parameters, "user_document");
        String id = LinkQuery.first(parameters, "id");
        String ids = LinkQuery.first(parameters, "id__in");
        Set<String> wanted = id != null ? Set.of(id)
                : ids == null ? null : Arrays.stream(ids.split(",")).map(String::trim).collect(Collectors.toSet());
        return consent -> (userDocument == null || SandboxPortalTokens.digits(userDocument).equals(SandboxPortalTokens.digits(consent.documentNumber())))
                && (wanted == null || wanted.contains(consent.id()));
    }
}
