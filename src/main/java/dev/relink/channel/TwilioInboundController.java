package dev.relink.channel;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.contact.ContactStore;

/**
 * Incoming SMS and WhatsApp messages (the webhook of the Twilio number and WhatsApp sender):
 * form-encoded {@code From}, {@code Body} and, with Advanced Opt-Out, {@code OptOutType}, signed as the
 * status callback is ({@link TwilioCallbackGuard} lets only a verified one in). STOP (and its synonyms) opts every contact with that phone out of the channel it
 * came on ({@code whatsapp:+E164}: whatsapp, {@code +E164}: sms); START opts them back in. Anything
 * else, or a sender no contact has, changes nothing and still gets 200 (an empty TwiML answer), so
 * Twilio does not retry; Twilio itself answers the person's STOP.
 */
@RestController
class TwilioInboundController {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioInboundController.class);
    private static final String NO_REPLY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final ContactStore contacts;
    private final Clock clock;

    TwilioInboundController(ContactStore contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    @PostMapping(path = Twilio.INBOUND_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<?> incoming(@RequestParam MultiValueMap<String, String> form) {
        Map<String, String> params = form.toSingleValueMap();
        String from = params.get("From");
        if (from == null || from.isBlank()) {
            return TwilioStatusController.problem(HttpStatus.BAD_REQUEST, "bad-twilio-message", "From is required.");
        }
        boolean whatsapp = from.startsWith(WhatsAppChannel.PREFIX);
        String channel = whatsapp ? "whatsapp" : "sms";
        String phone = whatsapp ? from.substring(WhatsAppChannel.PREFIX.length()) : from;
        OptOutKeywords asked = OptOutKeywords.of(params.get("OptOutType"), params.get("Body"));
        if (asked != OptOutKeywords.NONE) {
            String type = params.get("OptOutType");
            List<String> people = contacts.withPhone(phone);
            people.forEach(person -> {
                if (asked == OptOutKeywords.STOP) {
                    contacts.optOut(person, channel, clock.instant(), type);
                } else {
                    contacts.optIn(person, channel, type);
                }
            });
            LOG.info("Incoming {} {} from {}: {} contact(s) changed", channel, asked, Masking.phone(phone), people.size());
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(NO_REPLY);
    }
}
