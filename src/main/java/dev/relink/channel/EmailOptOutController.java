package dev.relink.channel;

import java.time.Clock;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.relink.contact.ContactStore;

/**
 * The email's opt-out link ({@code List-Unsubscribe}, RFC 8058 one-click): {@code POST /opt-out/{token}}
 * (what a mail client sends for "Unsubscribe", body {@code List-Unsubscribe=One-Click}) records the
 * contact's email opt-out; {@code GET} shows a page whose button sends that POST, so a link scanner
 * opening the URL unsubscribes nobody. A token that is not ours or too old: 404 and nothing changes.
 */
@RestController
class EmailOptOutController {

    private final EmailOptOuts optOuts;
    private final ContactStore contacts;
    private final Clock clock;

    EmailOptOutController(EmailOptOuts optOuts, ContactStore contacts, Clock clock) {
        this.optOuts = optOuts;
        this.contacts = contacts;
        this.clock = clock;
    }

    @GetMapping(path = EmailOptOuts.PATH + "{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@PathVariable String token) {
        if (optOuts.externalIdOf(token).isEmpty()) {
            return unknown();
        }
        return page(HttpStatus.OK, "Stop these emails?", "<p>You will get no more emails about reconnecting your bank."
                + " You can still reconnect from the app.</p><form method=\"post\" action=\""
                + HtmlUtils.htmlEscape(EmailOptOuts.PATH + token) + "\"><input type=\"hidden\" name=\"List-Unsubscribe\""
                + " value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    @PostMapping(path = EmailOptOuts.PATH + "{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> optOut(@PathVariable String token) {
        Optional<String> externalId = optOuts.externalIdOf(token);
        if (externalId.isEmpty()) {
            return unknown();
        }
        contacts.optOut(externalId.get(), "email", clock.instant(), null);
        return page(HttpStatus.OK, "Unsubscribed", "<p>Done: you will get no more emails about reconnecting your bank.</p>");
    }

    private static ResponseEntity<String> unknown() {
        return page(HttpStatus.NOT_FOUND, "Link not recognised",
                "<p>This unsubscribe link is not valid (or too old). Use the link of a recent email.</p>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String content) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body("<!doctype html><html><head>"
                + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1>" + content + "</body></html>");
    }
}
