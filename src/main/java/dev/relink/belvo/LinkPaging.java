package dev.relink.belvo;

/**
 * Where {@code belvo.list-links} is in Belvo's listing: the page to fetch next (null after the last
 * one) and how many links were handed on. A mutable holder in an exchange property, because the
 * split that reads a page evaluates its bean on a copy of the exchange.
 */
public final class LinkPaging {

    private BelvoRequest nextPage;
    private int count;

    LinkPaging(BelvoRequest firstPage) {
        this.nextPage = firstPage;
    }

    public BelvoRequest getNextPage() {
        return nextPage;
    }

    public int getCount() {
        return count;
    }

    void followWith(BelvoRequest request) {
        this.nextPage = request;
    }

    void counted() {
        count++;
    }
}
