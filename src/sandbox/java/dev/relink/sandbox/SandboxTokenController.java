package dev.relink.sandbox;

import static dev.relink.sandbox.SandboxBodies.text;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code POST /api/token/}: the secret keys come as {@code id}/{@code password} in the body (Belvo's
 * docs) or as Basic auth (belvo-js sends only that); {@code link_id} asks for an update-mode token;
 * {@code widget.openfinance_feature = consent_management} a My Belvo Portal token for the CPF it names.
 */
@SandboxApi
@RequestMapping("/sandbox/api/token")
class SandboxTokenController {

    private final SandboxKeys keys;
    private final SandboxLinks links;
    private final SandboxWidgetTokens tokens;
    private final SandboxBodies bodies;
    private final SandboxPortalTokens portal;

    SandboxTokenController(SandboxKeys keys, SandboxLinks links, SandboxWidgetTokens tokens, SandboxBodies bodies,
            SandboxPortalTokens portal) {
        this.portal = portal;
        this.keys = keys;
        this.links = links;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    @PostMapping("/")
    Map<String, String> create(HttpServletRequest request,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        boolean basic = keys.basicMatches(request);
        ObjectNode body = bodies.parse(type, raw);
        if (!basic && !keys.matches(text(body, "id"), text(body, "password"))) {
            throw SandboxError.authenticationFailed();
        }
        List<String> scopes = Arrays.stream(SandboxBodies.required(body, "scopes").split(","))
                .map(String::trim).filter(scope -> !scope.isEmpty()).toList();
        String linkId = text(body, "link_id");
        if (linkId != null && links.find(linkId).isEmpty()) {
            throw SandboxError.doesNotExist("link_id", linkId);
        }
        List<String> fetchResources = SandboxBodies.stringList(body, "fetch_resources");
        String staleIn = text(body, "stale_in");
        String credentialsStorage = text(body, "credentials_storage");
        String apiUrl = request.getServerName() + ":" + request.getServerPort() + "/sandbox";
        if (SandboxPortalTokens.asksForPortal(body)) {
            String cpf = SandboxPortalTokens.cpf(body);
            Map<String, String> minted = tokens.mint(new SandboxWidgetTokens.Request(null, scopes, apiUrl, "store",
                    "365d", List.of()));
            portal.remember(minted.get("access"), cpf);
            return minted;
        }
        return tokens.mint(new SandboxWidgetTokens.Request(linkId, scopes, apiUrl,
                credentialsStorage == null ? "store" : credentialsStorage, staleIn == null ? "365d" : staleIn,
                fetchResources == null ? SandboxLinks.DEFAULT_FETCH_RESOURCES : fetchResources));
    }
}
