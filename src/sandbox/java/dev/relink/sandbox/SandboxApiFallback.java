package dev.relink.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The API root (the SDKs' login check) and everything no other emulator mapping takes: a known
 * path with the wrong method is 405 {@code method_not_allowed}, an unknown one 404 {@code not_found},
 * both Belvo-shaped. A known path without its trailing slash is answered as Django's APPEND_SLASH
 * does behind Belvo: a GET or HEAD is redirected (301) to the slashed URL with its query; any other
 * method is 404, because a redirect would lose its body.
 */
@SandboxApi
class SandboxApiFallback {

    private record Resource(Pattern path, List<HttpMethod> methods) {
    }

    private static final List<Resource> RESOURCES = List.of(
            new Resource(Pattern.compile("/sandbox/api/"), List.of(HttpMethod.GET)),
            new Resource(Pattern.compile("/sandbox/api/links/"), List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH)),
            new Resource(Pattern.compile("/sandbox/api/links/[^/]+/"),
                    List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)),
            new Resource(Pattern.compile("/sandbox/api/token/"), List.of(HttpMethod.POST)),
            new Resource(Pattern.compile("/sandbox/api/accounts/"), List.of(HttpMethod.POST, HttpMethod.PATCH)));

    /** GET /api/ with valid keys is 200; Belvo's SDKs call it to check the keys. */
    @GetMapping("/sandbox/api/")
    Map<String, String> root() {
        String api = ServletUriComponentsBuilder.fromCurrentContextPath().path("/sandbox/api/").toUriString();
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("accounts", api + "accounts/");
        resources.put("links", api + "links/");
        resources.put("token", api + "token/");
        return resources;
    }

    @RequestMapping("/sandbox/api/**")
    ResponseEntity<Object> unmatched(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        if (!path.endsWith("/") && resource(path + "/") != null) {
            if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                throw SandboxError.notFound();
            }
            String query = request.getQueryString();
            return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                    .header("Location", request.getRequestURI() + "/" + (query == null ? "" : "?" + query))
                    .build();
        }
        Resource resource = resource(path);
        if (resource == null) {
            throw SandboxError.notFound();
        }
        SandboxError error = SandboxError.methodNotAllowed(request.getMethod());
        return ResponseEntity.status(error.status()).allow(resource.methods().toArray(HttpMethod[]::new))
                .body(error.body());
    }

    private static Resource resource(String path) {
        return RESOURCES.stream().filter(resource -> resource.path().matcher(path).matches()).findFirst().orElse(null);
    }
}
