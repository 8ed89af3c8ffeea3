package dev.relink.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /} leads a person somewhere useful: the ops console, or locally the outbox of the sandbox. */
@Controller
class RootRedirect {

    private final boolean sandbox;

    RootRedirect(@Value("${relink.sandbox.enabled:false}") boolean sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping("/")
    String root() {
        return "redirect:" + (sandbox ? "/sandbox/outbox" : "/ops");
    }
}
