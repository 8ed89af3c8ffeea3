package dev.relink.belvo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a {@code belvo.*} listing is: the page to fetch next (null after the last one) and how many
 * links were handed on. A listing may be several listings in a row (a bulk read asks for 100 ids at
 * a time): after the last page of one, the first page of the next is due. A mutable holder in an
 * exchange property, because the split that reads a page evaluates its bean on a copy of the exchange.
 */
public final class LinkPaging {

    private final Deque<BelvoRequest> firstPages;
    private final LinkReads reads;
    private BelvoRequest next;
    private int count;

    LinkPaging(BelvoRequest firstPage) {
        this(List.of(firstPage), null);
    }

    LinkPaging(List<BelvoRequest> firstPages, LinkReads reads) {
        this.firstPages = new ArrayDeque<>(firstPages);
        this.reads = reads;
    }

    /** A bulk read's: what it has learnt so far about the links it asks for (null for a listing). */
    public LinkReads getReads() {
        return reads;
    }

    public BelvoRequest getNextPage() {
        return next != null ? next : firstPages.peek();
    }

    /** Whether the page due now is one Belvo named as {@code next} (a listing's second page or later). */
    boolean isFollowing() {
        return next != null;
    }

    public int getCount() {
        return count;
    }

    /** The page {@link #getNextPage()} named, now being read; Belvo's {@code next} in it comes through {@link #followWith}. */
    BelvoRequest take() {
        if (next != null) {
            BelvoRequest taken = next;
            next = null;
            return taken;
        }
        return firstPages.poll();
    }

    void followWith(BelvoRequest request) {
        this.next = request;
    }

    void counted() {
        count++;
    }
}
