package dev.relink.bounce;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.relink.web.ProblemResponses;

/**
 * Amazon SNS's message signature, checked as AWS documents it: the canonical string of the message's
 * fields ({@code Name\nvalue\n} in a fixed order, by message type), signed SHA1withRSA
 * ({@code SignatureVersion 1}) or SHA256withRSA (2) with the key of the certificate at
 * {@code SigningCertURL}, which is fetched only from a URL matching {@code relink.mail.bounces.ses.sns-url-pattern}
 * (https on sns.&lt;region&gt;.amazonaws.com) and kept. Also fetches a subscription's {@code SubscribeURL},
 * from such a URL only, to confirm it.
 */
@Component
class SnsSignature {

    private static final List<String> NOTIFICATION = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn",
            "Type");
    private static final List<String> CONFIRMATION = List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token",
            "TopicArn", "Type");
    private static final Map<String, String> ALGORITHMS = Map.of("1", "SHA1withRSA", "2", "SHA256withRSA");
    private static final int CERTIFICATES_KEPT = 16;

    private final Pattern snsUrls;
    private final RestClient http;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    SnsSignature(BounceSettings settings) {
        this.snsUrls = Pattern.compile(settings.ses().snsUrlPattern());
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build());
        factory.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    /** Refuses (401) a message whose signature is missing or does not verify. */
    void verify(JsonNode message) {
        String version = EmailEvents.text(message, "SignatureVersion");
        String signature = EmailEvents.text(message, "Signature");
        String certificateUrl = EmailEvents.text(message, "SigningCertURL");
        if (signature == null || version == null || certificateUrl == null) {
            throw EmailEvents.unauthorized("missing-signature",
                    "The SNS message has no Signature, SignatureVersion or SigningCertURL.");
        }
        String algorithm = ALGORITHMS.get(version);
        if (algorithm == null) {
            throw EmailEvents.unauthorized("bad-signature", "SignatureVersion must be 1 or 2.");
        }
        if (!snsUrls.matcher(certificateUrl).matches()) {
            throw EmailEvents.unauthorized("bad-signature", "SigningCertURL is not an Amazon SNS certificate URL.");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate(certificateUrl));
            verifier.update(canonical(message).getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(Base64.getDecoder().decode(signature))) {
                throw EmailEvents.unauthorized("bad-signature", "The SNS message signature does not verify.");
            }
        } catch (GeneralSecurityException | IllegalArgumentException unverifiable) {
            throw EmailEvents.unauthorized("bad-signature", "The SNS message signature does not verify.");
        }
    }

    /** Confirms a subscription by fetching its SubscribeURL; false when it is not an SNS URL. */
    boolean confirm(String subscribeUrl) {
        if (subscribeUrl == null || !snsUrls.matcher(subscribeUrl).matches()) {
            return false;
        }
        try {
            http.get().uri(URI.create(subscribeUrl)).retrieve().toBodilessEntity();
            return true;
        } catch (RestClientException | IllegalArgumentException unreachable) {
            throw unavailable("Amazon SNS could not be reached to confirm the subscription; send it again.");
        }
    }

    /** The string SNS signed: each field of the message's type that it has, as name, newline, value, newline. */
    static String canonical(JsonNode message) {
        String type = String.valueOf(EmailEvents.text(message, "Type"));
        List<String> fields = type.equals("Notification") ? NOTIFICATION : CONFIRMATION;
        StringBuilder signed = new StringBuilder();
        for (String field : fields) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull()) {
                signed.append(field).append('\n').append(value.asText()).append('\n');
            }
        }
        return signed.toString();
    }

    private X509Certificate certificate(String url) throws GeneralSecurityException {
        X509Certificate known = certificates.get(url);
        if (known != null) {
            known.checkValidity();
            return known;
        }
        byte[] pem;
        try {
            pem = http.get().uri(URI.create(url)).retrieve().body(byte[].class);
        } catch (RestClientException unreachable) {
            throw unavailable("The SNS signing certificate could not be fetched; SNS sends the message again.");
        }
        if (pem == null) {
            throw EmailEvents.unauthorized("bad-signature", "The SNS signing certificate is empty.");
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        certificate.checkValidity();
        if (certificates.size() >= CERTIFICATES_KEPT) {
            certificates.clear(); // SNS signs with a few certificates at a time; a flood of URLs must not grow this
        }
        certificates.put(url, certificate);
        return certificate;
    }

    private static ErrorResponseException unavailable(String detail) {
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "sns-unavailable", detail), null);
    }
}
