package dev.relink.repair;

/**
 * Belvo does not yet say {@code valid} for a link whose user just finished the widget; the
 * {@code repair.confirm-link} route retries on it with back-off.
 */
class LinkNotValidYet extends RuntimeException {

    LinkNotValidYet(String incidentId, String status) {
        super("Link of incident " + incidentId + " is still " + status + " after the repair", null, false, false);
    }
}
