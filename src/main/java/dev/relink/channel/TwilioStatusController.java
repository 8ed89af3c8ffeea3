package dev.relink.channel;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * Twilio's status callback ({@code StatusCallback} of each message): {@code MessageSid},
 * {@code MessageStatus}, {@code ErrorCode}, form-encoded. When {@code relink.sms.twilio.auth-token} is
 * set the request must carry a valid {@code X-Twilio-Signature}, else 403 and nothing changes.
 */
@RestController
class TwilioStatusController {

    private final Deliveries deliveries;
    private final TwilioRefusals refusals;

    TwilioStatusController(Deliveries deliveries, TwilioRefusals refusals) {
        this.deliveries = deliveries;
        this.refusals = refusals;
    }

    @PostMapping(path = Twilio.STATUS_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<?> status(@RequestParam MultiValueMap<String, String> form) {
        Map<String, String> params = form.toSingleValueMap();
        String sid = params.get("MessageSid");
        String status = params.get("MessageStatus");
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "bad-twilio-status", "MessageSid and MessageStatus are required.");
        }
        if (!deliveries.providerStatus(sid, status, params.get("ErrorCode"))) {
            return problem(HttpStatus.NOT_FOUND, "unknown-message", "No prompt delivery has MessageSid " + sid + ".");
        }
        refusals.reported(sid, status, params.get("ErrorCode"));
        return ResponseEntity.noContent().build();
    }

    static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(status, type, detail));
    }
}
