package dev.relink.incident;

import java.util.List;

/**
 * Incident states, kept as strings in the database. Every state an incident can be in is named here,
 * and {@link IncidentLifecycle} holds every move between them (one named method each), so the API
 * can tell a filter that can never match ({@code ?state=bogus}) from one that matches nothing today.
 * An incident is open while its {@code open_link_id} is set, whatever its state is called.
 */
public final class IncidentState {

    public static final String OPEN = "open";
    /** Its institution is on hold (dev.relink.institution): not prompted until ops or Belvo release the hold. */
    public static final String HELD = "held";
    public static final String PROMPTING = "prompting";
    /** Prompting parked it: nobody to prompt until a contact is saved or Belvo names the link's external_id. */
    public static final String NO_CONTACT = "no_contact";
    /** The user finished Belvo's widget; waiting for Belvo to confirm the link is valid. */
    public static final String REPAIR_SUBMITTED = "repair_submitted";
    public static final String RESOLVED = "resolved";
    public static final String EXPIRED = "expired";
    /** Closed while held: ops judged the failure the bank's, and nobody is prompted for it. */
    public static final String BANK_SIDE = "bank_side";
    public static final String DELETED = "deleted";
    /** Closed because the person was erased (their contact deleted): the incident stays as a count only. */
    public static final String ERASED = "erased";

    /** Every state, open ones first. */
    public static final List<String> ALL = List.of(OPEN, HELD, PROMPTING, NO_CONTACT, REPAIR_SUBMITTED, RESOLVED,
            EXPIRED, BANK_SIDE, DELETED, ERASED);

    private IncidentState() {
    }
}
