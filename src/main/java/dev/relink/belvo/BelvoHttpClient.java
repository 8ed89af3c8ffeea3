package dev.relink.belvo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The HTTP client behind {@code belvo.request}: connect and read timeouts from
 * {@code relink.belvo.*}, no retries of its own, and HTTP Basic (secret id : secret password) added to each request on the
 * connection itself, so the keys are never a Camel header, an endpoint option or part of a URI that
 * Camel shows in logs, metrics or dead letters. A request to any other host goes unsigned.
 */
@Component("belvoHttpClient")
public class BelvoHttpClient implements HttpClientConfigurer {

    private final BelvoProperties properties;

    BelvoHttpClient(BelvoProperties properties) {
        this.properties = properties;
    }

    @Override
    @SuppressWarnings("deprecation") // RequestConfig's connect timeout still overrides the shared pool's default
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                .setResponseTimeout(Timeout.of(properties.readTimeout()))
                .build());
        // retries are the belvo-api policy's alone (back-off, Retry-After, counted): none hidden in the client
        builder.disableAutomaticRetries();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (properties.secretId() + ":" + properties.secretPassword()).getBytes(StandardCharsets.UTF_8));
        URI base = properties.baseUrl();
        builder.addRequestInterceptorFirst((request, entity, context) -> {
            if (isBelvo(request, base)) {
                request.setHeader(HttpHeaders.AUTHORIZATION, basic);
            }
            request.setHeader(HttpHeaders.ACCEPT, "application/json");
        });
    }

    private static boolean isBelvo(HttpRequest request, URI base) {
        URIAuthority authority = request.getAuthority();
        return authority != null
                && sameOrigin(base, request.getScheme(), authority.getHostName(), authority.getPort());
    }

    /** Whether scheme, host and port (default ports filled in) are those of the configured base URL. */
    static boolean sameOrigin(URI base, String scheme, String host, int port) {
        return base.getScheme().equalsIgnoreCase(scheme)
                && base.getHost().equalsIgnoreCase(host)
                && port(base.getScheme(), base.getPort()) == port(scheme, port);
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
