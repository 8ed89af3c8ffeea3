package dev.relink.sandbox;

/** The local profile's embedded SMTP server cannot listen: another program has its port. */
class SandboxSmtpPortTaken extends RuntimeException {

    SandboxSmtpPortTaken(int port) {
        super("The embedded SMTP server of the local profile cannot listen on 127.0.0.1:" + port
                + ": the port is in use. Set relink.sandbox.smtp-port (env RELINK_SANDBOX_SMTP_PORT) to a free port.",
                null, false, false);
    }
}
