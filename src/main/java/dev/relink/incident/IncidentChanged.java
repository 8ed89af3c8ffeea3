package dev.relink.incident;

/**
 * Published (synchronously, inside the change's transaction) for every line added to an incident's
 * timeline, so other capabilities can react without the incident package knowing them.
 *
 * @param type  the timeline entry's type ({@code opened}, {@code prompted}, {@code state}, {@code resolved}, ...)
 * @param state the incident's state after the change, or null when the entry did not change it
 */
public record IncidentChanged(String incidentId, String type, String state) {

    /** Timeline entry and change type: the incident learned its link's external_id from Belvo. */
    public static final String EXTERNAL_ID = "external_id";
}
