package dev.relink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Every body under {@code /api} has a ceiling ({@code relink.api.max-body-size}, and
 * {@code relink.api.max-import-size} for the CSV import): past it the answer is 413 problem+json, whether
 * the body said its length or arrived chunked, and nothing is stored. Bodies are padded with whitespace
 * (JSON) or blank lines (CSV) that the endpoints skip, so a body of exactly the ceiling is one they take.
 */
class ApiBodyCeilingTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    ApiProperties api;

    RelinkHttp relink;

    @BeforeEach
    void client() {
        relink = new RelinkHttp(port);
    }

    @Test
    void aContentLengthOverTheCeilingIs413BeforeAnyOfTheBodyIsSent() throws Exception {
        String user = "ceiling-" + UUID.randomUUID();
        long json = api.maxBodySize().toBytes();
        long csv = api.maxImportSize().toBytes();

        // only the headers go out: the answer cannot have waited for the body
        assertTooLarge(headersOnly("PUT", "/api/contacts/" + user, "application/json", json + 1), json,
                "relink.api.max-body-size");
        assertTooLarge(headersOnly("POST", "/api/contacts/import", "text/csv", csv + 1), csv,
                "relink.api.max-import-size");
        assertThat(relink.send(relink.api("/api/contacts/" + user)).statusCode()).isEqualTo(404);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheCeilingIs413AndNothingIsStored() throws Exception {
        String user = "ceiling-" + UUID.randomUUID();
        long json = api.maxBodySize().toBytes();
        long csv = api.maxImportSize().toBytes();

        HttpResponse<String> contact = relink.send(relink.api("/api/contacts/" + user)
                .header("Content-Type", "application/json").PUT(chunked(contactJson(json + 1))));
        HttpResponse<String> linkError = relink.send(relink.api("/api/link-errors")
                .header("Content-Type", "application/json").POST(chunked(padded(
                        "{\"link_id\":\"" + UUID.randomUUID() + "\",\"code\":\"invalid_credentials\"}", json + 1, ' '))));
        HttpResponse<String> csvImport = relink.send(relink.api("/api/contacts/import")
                .header("Content-Type", "text/csv").POST(chunked(contactsCsv(user, csv + 1))));

        assertThat(problem(contact)).contains("larger than " + json + " bytes");
        assertThat(problem(linkError)).contains("larger than " + json + " bytes");
        assertThat(problem(csvImport)).contains("larger than " + csv + " bytes", "relink.api.max-import-size");
        assertThat(relink.send(relink.api("/api/contacts/" + user)).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    // percent-encoded letters reach the same handler (matrix parameters and dot segments the firewall refuses)
    @ValueSource(strings = {"/%61pi/contacts/", "/api/%63ontacts/"})
    void theCeilingHoldsForEverySpellingOfTheSamePath(String spelling) throws Exception {
        String user = "ceiling-" + UUID.randomUUID();
        long json = api.maxBodySize().toBytes();

        HttpResponse<String> contact = relink.send(relink.api(spelling + user)
                .header("Content-Type", "application/json").PUT(chunked(contactJson(json + 1))));

        assertThat(problem(contact)).contains("larger than " + json + " bytes");
        assertThat(relink.send(relink.api("/api/contacts/" + user)).statusCode()).isEqualTo(404);
    }

    @Test
    void aFormBodySpringReadsBeforeAnyControllerHasTheSameCeiling() throws Exception {
        long json = api.maxBodySize().toBytes();

        HttpResponse<String> form = relink.send(relink.api("/api/contacts/ceiling-form")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(chunked(padded("name=Ana&pad=", json + 1, 'x'))));

        assertThat(problem(form)).contains("larger than " + json + " bytes");
    }

    @Test
    void aBodyOfExactlyTheCeilingIsStillTaken() throws Exception {
        String chunkedUser = "ceiling-" + UUID.randomUUID();
        String sizedUser = "ceiling-" + UUID.randomUUID();
        String importedUser = "ceiling-" + UUID.randomUUID();
        byte[] contact = contactJson(api.maxBodySize().toBytes());

        assertThat(relink.send(relink.api("/api/contacts/" + chunkedUser).header("Content-Type", "application/json")
                .PUT(chunked(contact))).statusCode()).isEqualTo(201);
        assertThat(relink.send(relink.api("/api/contacts/" + sizedUser).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(contact))).statusCode()).isEqualTo(201);
        HttpResponse<String> imported = relink.send(relink.api("/api/contacts/import").header("Content-Type", "text/csv")
                .POST(chunked(contactsCsv(importedUser, api.maxImportSize().toBytes()))));

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(relink.send(relink.api("/api/contacts/" + importedUser)).body()).contains("@example.com");
    }

    private static byte[] contactJson(long size) {
        return padded("{\"email\":\"ana@example.com\",\"locale\":\"es\"}", size, ' ');
    }

    private static byte[] contactsCsv(String user, long size) {
        return padded("external_id,email\n" + user + "," + user + "@example.com\n", size, '\n');
    }

    /** {@code text} followed by {@code pad} up to {@code size} bytes. */
    private static byte[] padded(String text, long size, char pad) {
        byte[] start = text.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[(int) size];
        System.arraycopy(start, 0, body, 0, start.length);
        Arrays.fill(body, start.length, body.length, (byte) pad);
        return body;
    }

    /** Without a Content-Length: Java's client sends a body from a stream chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static String problem(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return response.body();
    }

    private static void assertTooLarge(String response, long bytes, String setting) {
        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("larger than " + bytes + " bytes", setting);
    }

    /** A request whose headers announce {@code length} bytes of body, none of which is sent; the raw answer. */
    private String headersOnly(String method, String path, String type, long length) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + API_KEY
                    + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: (\\d+)\r\n");

    /** The status line, headers and body (by the answer's Content-Length, else up to the closed connection). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, read);
            String text = answer.toString(StandardCharsets.UTF_8);
            int headersEnd = text.indexOf("\r\n\r\n");
            Matcher length = CONTENT_LENGTH.matcher(text);
            if (headersEnd >= 0 && length.find() && length.start() < headersEnd
                    && answer.size() >= headersEnd + 4 + Integer.parseInt(length.group(1))) {
                break;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
