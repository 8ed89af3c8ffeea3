package dev.relink.repair;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.relink.brand.Brand;
import dev.relink.consent.ConsentProperties;

/**
 * The headers every repair response carries, whatever its status. The page holds a live widget
 * access token and its URL is a bearer credential, so: nothing cached, no Referer leaking the URL to
 * the widget's host, no framing, and a Content-Security-Policy that runs only this hub's own script
 * and the widget's (no inline script at all) and lets forms post only to this hub (and the portal). Registered for {@code /repair/*} only, so the headers
 * of other paths stay as they are.
 */
@Configuration(proxyBeanMethods = false)
class RepairPageHeaders {

    static final String NO_STORE = "no-store";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> repairPageHeadersFilter(RepairPageProperties properties, Brand brand,
            ConsentProperties consent) {
        String policy = contentSecurityPolicy(properties, brand, consent.portalUrl());
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                response.setHeader("Content-Security-Policy", policy);
                response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("X-Frame-Options", "DENY");
                chain.doFilter(request, new HttpServletResponseWrapper(response) {
                    @Override
                    public void setLocale(Locale locale) {
                        // Spring would state the browser's language; the page states its own (RepairPage).
                    }
                });
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/repair/*");
        registration.setName("repairPageHeaders");
        return registration;
    }

    /**
     * Forms may post only to this hub (the page's start button); the portal's origin is allowed too, because
     * browsers apply {@code form-action} to the redirect that answers a consent's start.
     */
    static String contentSecurityPolicy(RepairPageProperties properties, Brand brand, URI portal) {
        String forms = portal.isAbsolute() ? "'self' " + RepairPageProperties.origin(portal) : "'self'";
        String widget = properties.widgetScriptOrigin();
        String scripts = widget == null ? "'self'" : "'self' " + widget;
        Set<String> frames = new LinkedHashSet<>();
        if (widget != null) {
            frames.add(widget);
        }
        properties.widgetFrameOrigins().forEach(origin -> frames.add(RepairPageProperties.origin(origin)));
        return "default-src 'none'"
                + "; script-src " + scripts
                + "; connect-src " + scripts
                + "; style-src " + scripts
                + "; img-src " + scripts + " data:" + (brand.logoOrigin() == null ? "" : " " + brand.logoOrigin())
                + "; font-src " + scripts
                + "; frame-src " + (frames.isEmpty() ? "'none'" : String.join(" ", frames))
                + "; base-uri 'none'; form-action " + forms + "; frame-ancestors 'none'";
    }
}
