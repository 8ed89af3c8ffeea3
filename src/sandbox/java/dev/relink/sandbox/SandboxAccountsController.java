package dev.relink.sandbox;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code POST /accounts/ {"link": id}}: the data call that logs in at the bank, so it is where a
 * link's status shows (400 {@code invalid_link}, 400 {@code unconfirmed_link}, 428 {@code token_required}),
 * and {@code PATCH /accounts/} resumes it after a 428. The accounts themselves are two fixed demo accounts.
 */
@SandboxApi
@RequestMapping("/sandbox/api/accounts")
class SandboxAccountsController {

    private final SandboxLinks links;
    private final SandboxBank bank;
    private final SandboxBodies bodies;
    private final Clock clock;

    SandboxAccountsController(SandboxLinks links, SandboxBank bank, SandboxBodies bodies, Clock clock) {
        this.links = links;
        this.bank = bank;
        this.bodies = bodies;
        this.clock = clock;
    }

    @PostMapping("/")
    @ResponseStatus(HttpStatus.CREATED)
    List<Map<String, Object>> retrieve(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        String linkId = SandboxBodies.required(bodies.parse(type, raw), "link");
        SandboxLink link = links.find(linkId).orElseThrow(() -> SandboxError.doesNotExist("link", linkId));
        bank.retrieve(link);
        return accounts(link);
    }

    @PatchMapping("/")
    @ResponseStatus(HttpStatus.CREATED)
    List<Map<String, Object>> resume(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] raw) {
        ObjectNode body = bodies.parse(type, raw);
        return accounts(bank.resume(body));
    }

    private List<Map<String, Object>> accounts(SandboxLink link) {
        String now = clock.instant().toString();
        return List.of(account(link, "CHECKING_ACCOUNT", "Cuenta Perfiles", "4057068115181", 5874.13, now),
                account(link, "SAVINGS_ACCOUNT", "Cuenta Ahorro", "4057068115199", 12030.50, now));
    }

    private static Map<String, Object> account(SandboxLink link, String category, String name, String number,
            double balance, String now) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", UUID.nameUUIDFromBytes((link.id() + number).getBytes()).toString());
        account.put("link", link.id());
        account.put("institution", Map.of("name", link.institution(), "type", "bank"));
        account.put("collected_at", now);
        account.put("created_at", now);
        account.put("category", category);
        account.put("type", name);
        account.put("name", name);
        account.put("number", number);
        account.put("balance", Map.of("current", balance, "available", balance));
        account.put("currency", "MXN");
        return account;
    }
}
