package dev.relink.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request body under {@code /api} has a ceiling: {@code relink.api.max-import-size} for the contacts
 * CSV import, {@code relink.api.max-body-size} for the rest; the email providers' webhooks under {@code /email-events}
 * have {@code relink.mail.bounces.max-body-size}. A Content-Length over it is answered 413 before
 * anything reads the body; a body without one (chunked), or longer than it said, is counted as it is read,
 * and the read that passes the ceiling fails with {@link TooLarge}, a 413 problem. Nothing is held here:
 * unlike the webhook gate, which hands Camel a body already in memory, Spring MVC reads the stream itself,
 * so counting while it reads keeps at most the ceiling (plus the last read) in memory.
 */
final class ApiBodyCeiling extends OncePerRequestFilter {

    static final String IMPORT_PATH = "/api/contacts/import";
    private static final HttpStatus TOO_LARGE = HttpStatus.valueOf(413);

    private final Ceiling body;
    private final Ceiling csvImport;

    ApiBodyCeiling(ApiProperties properties) {
        this(new Ceiling(properties.maxBodySize().toBytes(), "relink.api.max-body-size"),
                new Ceiling(properties.maxImportSize().toBytes(), "relink.api.max-import-size"));
    }

    private ApiBodyCeiling(Ceiling body, Ceiling csvImport) {
        this.body = body;
        this.csvImport = csvImport;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the servlet path is decoded and normalized, as the handler mappings see it
        Ceiling ceiling = IMPORT_PATH.equals(request.getServletPath()) ? csvImport : body;
        if (request.getContentLengthLong() > ceiling.bytes()) {
            ProblemResponses.write(response, ceiling.exceeded().getBody());
            return;
        }
        try {
            chain.doFilter(new Counted(request, ceiling), response);
        } catch (TooLarge tooLarge) {
            // read by a filter (Spring's FormContentFilter reads form PUTs), where MVC's problem handling does not reach
            if (response.isCommitted()) {
                throw tooLarge;
            }
            response.reset();
            ProblemResponses.write(response, tooLarge.getBody());
        }
    }

    private record Ceiling(long bytes, String setting) {

        TooLarge exceeded() {
            return new TooLarge(bytes, setting);
        }
    }

    /** A 413 problem: the body is larger than the ceiling of its endpoint. */
    static final class TooLarge extends ErrorResponseException {

        TooLarge(long bytes, String setting) {
            super(TOO_LARGE, ProblemResponses.problem(TOO_LARGE, "body-too-large", "The body is larger than " + bytes
                    + " bytes, the most this endpoint reads (" + setting + ")."), null);
        }
    }

    /** The request whose body, however it is read, fails once it runs past the ceiling. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final Ceiling ceiling;
        private ServletInputStream body;

        Counted(HttpServletRequest request, Ceiling ceiling) {
            super(request);
            this.ceiling = ceiling;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingStream(super.getInputStream(), ceiling);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final Ceiling ceiling;
        private long left;

        CountingStream(ServletInputStream in, Ceiling ceiling) {
            this.in = in;
            this.ceiling = ceiling;
            this.left = ceiling.bytes();
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never more than one byte past the ceiling, whatever the caller's buffer
            int read = in.read(buffer, offset, (int) Math.min(length, left + 1));
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int read) {
            left -= read;
            if (left < 0) {
                throw ceiling.exceeded();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<ApiBodyCeiling> apiBodyCeiling(ApiProperties properties) {
            FilterRegistrationBean<ApiBodyCeiling> registration = new FilterRegistrationBean<>(
                    new ApiBodyCeiling(properties));
            registration.addUrlPatterns("/api/*");
            // ahead of every filter that may read a body (FormContentFilter reads form PUTs and PATCHes),
            // behind the request observation, so that a 413 is counted in http.server.requests
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        /** The email providers' webhooks: SendGrid posts its events in batches of up to 768 KB. */
        @Bean
        FilterRegistrationBean<ApiBodyCeiling> emailEventsBodyCeiling(
                @Value("${relink.mail.bounces.max-body-size:1MB}") DataSize maxBody) {
            Ceiling ceiling = new Ceiling(maxBody.toBytes(), "relink.mail.bounces.max-body-size");
            FilterRegistrationBean<ApiBodyCeiling> registration = new FilterRegistrationBean<>(
                    new ApiBodyCeiling(ceiling, ceiling));
            registration.addUrlPatterns("/email-events/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }
}
