package dev.relink.sandbox;

/** The emulator's Brazilian Open Finance bank, named as in Belvo's consent webhook examples. */
final class SandboxOfda {

    static final String INSTITUTION = "ofmockbank_br_retail";
    static final String DISPLAY_NAME = "OF Mockbank";
    /** Served by the app itself, so the portal page and emails show it offline. */
    static final String ICON_PATH = "/sandbox/portal/ofmockbank.svg";

    private SandboxOfda() {
    }
}
