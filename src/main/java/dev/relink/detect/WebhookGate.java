package dev.relink.detect;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.relink.web.ProblemResponses;

/**
 * The front door of {@code /webhooks/*}, ahead of every other filter: refuses any method but POST with
 * 405, a body over {@code relink.webhooks.max-body-size} with 413, by its Content-Length and, for a
 * chunked body, while reading it (never more than the limit plus one byte is held), and a body that is
 * not JSON with 415 (before Camel's HTTP binding would parse a form body); times every delivery for
 * the intake latency histogram; and hands the rest straight to Camel's servlet, whose own error answers
 * become problem+json too ({@link WebhookServletErrors}).
 *
 * <p>Why straight: Belvo authenticates with the Authorization value that route
 * {@code detect.webhook-intake} checks itself, so Spring Security's chain (its MVC handler
 * introspection, browser headers) and the {@code http.server.requests} observation add nothing here,
 * and they were about a third of the CPU of a delivery (bench/RESULTS.md). A named dispatch to the
 * servlet runs no URL-mapped filter.
 */
class WebhookGate extends OncePerRequestFilter {

    private final long maxBytes;
    private final String camelServlet;
    private final BooleanSupplier camelRunning;
    private final WebhookIntake intake;
    private final Timer latency;

    WebhookGate(WebhookProperties properties, String camelServlet, BooleanSupplier camelRunning, WebhookIntake intake,
            MeterRegistry meters) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.camelServlet = camelServlet;
        this.camelRunning = camelRunning;
        this.intake = intake;
        this.latency = Timer.builder("relink.webhooks.intake")
                .description("Time to answer a Belvo webhook delivery (stored or refused)")
                .publishPercentileHistogram().register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            if (!"POST".equals(request.getMethod())) {
                intake.reject("method-not-allowed");
                response.setHeader("Allow", "POST");
                ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.METHOD_NOT_ALLOWED,
                        "webhook-method-not-allowed", "Belvo delivers webhooks with POST; got " + request.getMethod()
                                + "."));
                return;
            }
            if (!WebhookIntake.isJson(request.getContentType())) {
                // Refused before Camel reads the body: its HTTP binding would parse a form body itself.
                intake.reject("unsupported-media-type");
                ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "webhook-unsupported-media-type", WebhookIntake.NOT_JSON + (request.getContentType() == null
                                ? "." : "; got '" + request.getContentType() + "'.")));
                return;
            }
            byte[] body = request.getContentLengthLong() > maxBytes ? null : readAtMost(request.getInputStream());
            if (body == null) {
                intake.reject("too-large");
                ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE,
                        "webhook-too-large", "The body is larger than " + maxBytes + " bytes."));
                return;
            }
            RequestDispatcher camel = request.getServletContext().getNamedDispatcher(camelServlet);
            if (camel == null) {
                throw new ServletException("Camel's servlet '" + camelServlet + "' is not registered");
            }
            camel.forward(new BufferedBody(request, body),
                    new WebhookServletErrors(response, request.getRequestURI(), camelRunning));
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The whole body, or null as soon as it turns out longer than the limit. */
    private byte[] readAtMost(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) maxBytes + 1);
        return body.length > maxBytes ? null : body;
    }

    /** The request with its body already read into memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already in memory");
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<WebhookGate> webhookGate(WebhookProperties properties,
                @Value("${camel.servlet.mapping.servlet-name}") String camelServlet, CamelContext camel,
                WebhookIntake intake, MeterRegistry meters, RouteSwapping swaps) {
            // while an edit replaces the intake route, a delivery is answered 503 (Belvo delivers again), not 404
            FilterRegistrationBean<WebhookGate> registration = new FilterRegistrationBean<>(new WebhookGate(
                    properties, camelServlet, () -> camel.getStatus().isStarted() && !swaps.inProgress(), intake, meters));
            registration.addUrlPatterns("/webhooks/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
