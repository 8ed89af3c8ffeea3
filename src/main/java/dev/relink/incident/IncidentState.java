package dev.relink.incident;

/**
 * Incident states. Kept as strings in the database so that later capabilities can add states
 * (e.g. {@code no_contact}, {@code repair_submitted}) without a migration: an incident is open while
 * its {@code open_link_id} is set, whatever its state is called.
 */
public final class IncidentState {

    public static final String OPEN = "open";
    public static final String PROMPTING = "prompting";
    public static final String RESOLVED = "resolved";
    public static final String EXPIRED = "expired";
    public static final String DELETED = "deleted";

    private IncidentState() {
    }
}
