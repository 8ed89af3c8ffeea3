package dev.relink.sandbox;

import static dev.relink.sandbox.SandboxBodies.required;
import static dev.relink.sandbox.SandboxBodies.text;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;

import dev.relink.belvo.Link;

/** Belvo's {@code /api/links/} resource, emulated at {@code /sandbox/api/links/} (trailing slashes as Belvo). */
@SandboxApi
@RequestMapping("/sandbox/api/links")
class SandboxLinksController {

    private static final Pattern STALE_IN = Pattern.compile("^\\d{1,3}d$");

    private final SandboxLinks links;
    private final SandboxBank bank;
    private final SandboxBodies bodies;
    private final SandboxInstitutions institutions;

    SandboxLinksController(SandboxLinks links, SandboxBank bank, SandboxBodies bodies, SandboxInstitutions institutions) {
        this.links = links;
        this.bank = bank;
        this.bodies = bodies;
        this.institutions = institutions;
    }

    @GetMapping("/")
    Map<String, Object> list(HttpServletRequest request) {
        return LinkQuery.of(request.getParameterMap()).answer(links, request);
    }

    @GetMapping("/{id}/")
    Map<String, Object> detail(@PathVariable String id) {
        return link(id).toJson();
    }

    @PostMapping("/")
    ResponseEntity<Map<String, Object>> register(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        ObjectNode body = bodies.parse(type, raw);
        String institution = required(body, "institution");
        String username = required(body, "username");
        String password = required(body, "password");
        if (!institutions.knows(institution)) {
            throw SandboxError.doesNotExist("institution", institution);
        }
        String externalId = text(body, "external_id");
        if (externalId != null && (externalId.length() < 3 || externalId.length() > 256)) {
            throw SandboxError.invalid("external_id", "Ensure this field has between 3 and 256 characters.");
        }
        String accessMode = accessMode(body);
        String staleIn = staleIn(body);
        List<String> fetchResources = SandboxBodies.stringList(body, "fetch_resources");
        bank.login(username, password);
        SandboxLink link = links.create(UUID.randomUUID().toString(), institution, username, externalId, Link.VALID,
                accessMode, fetchResources, staleIn);
        return ResponseEntity.status(HttpStatus.CREATED).body(link.toJson());
    }

    /** Resume after a 428: 201 with the link (200 when {@code save_data} is false, as Belvo's spec says). */
    @PatchMapping("/")
    ResponseEntity<Map<String, Object>> resume(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        ObjectNode body = bodies.parse(type, raw);
        SandboxLink link = bank.resume(body);
        boolean saveData = !"false".equalsIgnoreCase(text(body, "save_data"));
        return ResponseEntity.status(saveData ? HttpStatus.CREATED : HttpStatus.OK).body(link.toJson());
    }

    /** New credentials ({@code password}) and/or an MFA {@code token} for an existing link. */
    @PutMapping("/{id}/")
    Map<String, Object> update(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        SandboxLink link = link(id);
        ObjectNode body = bodies.parse(type, raw);
        String password = text(body, "password");
        String token = text(body, "token");
        if (password == null && token == null) {
            throw SandboxError.required("password");
        }
        if (token == null) {
            return bank.updateCredentials(link, password).toJson();
        }
        if (password != null) {
            bank.login(null, password);
        }
        return bank.completeWithToken(link, token).toJson();
    }

    /** Data retrieval settings: {@code access_mode}, {@code stale_in}, {@code fetch_resources}. */
    @PatchMapping("/{id}/")
    Map<String, Object> modify(@PathVariable String id,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        SandboxLink link = link(id);
        ObjectNode body = bodies.parse(type, raw);
        link.dataRetrieval(accessMode(body), staleIn(body), SandboxBodies.stringList(body, "fetch_resources"));
        return link.toJson();
    }

    /** 204, or 202 with a request_id under {@code X-Belvo-Request-Mode: async}. */
    @DeleteMapping("/{id}/")
    ResponseEntity<Object> delete(@PathVariable String id,
            @RequestHeader(value = "X-Belvo-Request-Mode", required = false) String mode) {
        if (!links.delete(id)) {
            throw SandboxError.notFound();
        }
        return "async".equalsIgnoreCase(mode)
                ? ResponseEntity.accepted().body(Map.of("request_id", UUID.randomUUID().toString()))
                : ResponseEntity.noContent().build();
    }

    private SandboxLink link(String id) {
        return links.find(id).orElseThrow(SandboxError::notFound);
    }

    private static String accessMode(ObjectNode body) {
        String accessMode = text(body, "access_mode");
        if (accessMode != null && !SandboxLink.ACCESS_MODES.contains(accessMode)) {
            throw SandboxError.invalidChoice("access_mode", accessMode);
        }
        return accessMode;
    }

    private static String staleIn(ObjectNode body) {
        String staleIn = text(body, "stale_in");
        if (staleIn != null && !STALE_IN.matcher(staleIn).matches()) {
            throw SandboxError.invalid("stale_in", "This value does not match the required pattern.");
        }
        return staleIn;
    }
}
