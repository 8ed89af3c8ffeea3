package dev.relink.institution;

/**
 * Published inside the transaction that started or ended a hold, so the app hears of it (the inapp
 * package's outbox) without this package knowing it.
 *
 * @param type       {@code institution.held} or {@code institution.released}
 * @param heldLinks  how many of the institution's incidents the hold held (when it ended: had held)
 */
public record InstitutionHoldChanged(String type, Hold hold, long heldLinks) {

    public static final String HELD = "institution.held";
    public static final String RELEASED = "institution.released";
}
