package dev.relink.contact;

import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.JsonBodies;
import dev.relink.web.ProblemResponses;

/**
 * The app tells Relink how to reach its users: {@code /api/contacts} (admin API key). Deleting one erases
 * the person everywhere Relink holds them, so {@code DELETE} is {@code privacy.ErasureController}'s.
 */
@RestController
@RequestMapping("/api/contacts")
class ContactController {

    private final ContactStore contacts;
    private final ContactSettings settings;
    private final JsonBodies bodies;

    ContactController(ContactStore contacts, ContactSettings settings, JsonBodies bodies) {
        this.contacts = contacts;
        this.settings = settings;
        this.bodies = bodies;
    }

    @PutMapping(path = "/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> put(@PathVariable String externalId, @RequestBody(required = false) byte[] body) {
        JsonNode object = body == null ? null : bodies.tree(body);
        if (object == null || !object.isObject()) {
            return ResponseEntity.badRequest().body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-contact",
                    "Send the contact as a JSON object, e.g. {\"email\": \"ana@example.com\", \"locale\": \"es\"}."));
        }
        ContactRules.Checked checked = ContactRules.check(externalId, bodies.value(object, Contact.class));
        if (!checked.ok()) {
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-contact",
                    checked.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
            problem.setProperty("errors", checked.errors());
            return ResponseEntity.badRequest().body(problem);
        }
        boolean created = contacts.save(checked.contact());
        Contact saved = contacts.stored(externalId).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(saved);
    }

    @GetMapping("/{externalId}")
    ResponseEntity<?> get(@PathVariable String externalId) {
        return contacts.stored(externalId).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(externalId));
    }

    /**
     * All or nothing: one bad row rejects the whole file with a 400 listing every bad line, and nothing
     * is saved. A half-imported file is harder to fix than a rejected one (which rows made it?).
     */
    @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<?> importCsv(@RequestBody(required = false) String csv) {
        ContactCsv.Parsed parsed = ContactCsv.parse(csv, settings.importMaxRows());
        if (!parsed.errors().isEmpty()) {
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-contacts-file",
                    parsed.errors().size() + " problem(s) in the file, nothing was imported; fix these lines and send it again: "
                            + parsed.errors().stream().limit(20).map(ContactController::describe).collect(Collectors.joining("; ")));
            problem.setProperty("errors", parsed.errors());
            return ResponseEntity.badRequest().body(problem);
        }
        int created = contacts.saveAll(parsed.contacts());
        return ResponseEntity.ok(Map.of("imported", parsed.contacts().size(), "created", created,
                "updated", parsed.contacts().size() - created));
    }

    private static String describe(ContactCsv.LineError e) {
        return "line " + e.line() + (e.field() == null ? "" : " " + e.field()) + ": " + e.message();
    }

    private static ResponseEntity<?> notFound(String externalId) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemResponses.problem(HttpStatus.NOT_FOUND,
                "contact-not-found", "No contact is stored for external id '" + externalId + "'."));
    }
}
