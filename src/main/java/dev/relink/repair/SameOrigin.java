package dev.relink.repair;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a post came from this hub's own page: browsers say so in {@code Sec-Fetch-Site}; older ones
 * send {@code Origin} (as {@code null} under the page's {@code no-referrer} policy, which a cross-site
 * form does not get past: its {@code Sec-Fetch-Site} says {@code cross-site}). A client that sends
 * neither is not a browser another site could drive.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean isSameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equals(site);
        }
        String origin = request.getHeader("Origin");
        if (origin == null || "null".equals(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return request.getScheme().equalsIgnoreCase(uri.getScheme())
                    && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == (uri.getPort() != -1 ? uri.getPort()
                            : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
