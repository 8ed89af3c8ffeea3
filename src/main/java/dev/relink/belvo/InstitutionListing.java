package dev.relink.belvo;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code GET /api/institutions/} listing is: the page to fetch next (null after the last one)
 * and the institutions read so far. Institutions are few (a page holds them all, but {@code next} is
 * followed all the same), so they are collected, not streamed. A mutable holder in an exchange property.
 */
public final class InstitutionListing {

    private final List<BelvoInstitution> institutions = new ArrayList<>();
    private BelvoRequest next;

    InstitutionListing(BelvoRequest firstPage) {
        this.next = firstPage;
    }

    public BelvoRequest getNextPage() {
        return next;
    }

    public List<BelvoInstitution> getInstitutions() {
        return institutions;
    }

    BelvoRequest take() {
        BelvoRequest taken = next;
        next = null;
        return taken;
    }

    void followWith(BelvoRequest request) {
        next = request;
    }

    void add(BelvoInstitution institution) {
        institutions.add(institution);
    }
}
