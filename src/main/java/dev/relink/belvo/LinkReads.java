package dev.relink.belvo;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the bulk reads of one flow ({@code direct:belvo.get-links}) learnt about the links asked for:
 * the {@link Link} Belvo listed for each, or nothing when Belvo does not know it (its listing leaves out
 * an unknown id, as its link detail answers 404 for it; an id that is not a UUID is not a Belvo id).
 */
public final class LinkReads {

    private final Set<String> asked = new LinkedHashSet<>();
    private final Set<String> toRead = new LinkedHashSet<>();
    private final Map<String, Link> found = new HashMap<>();

    /**
     * What {@code before} learnt (none: nothing yet), and the links it did not ask about, to be read now:
     * each an id, or a {@link Link} a listing just showed, which counts as read. A link named twice is
     * read once.
     */
    LinkReads(LinkReads before, Iterable<?> links) {
        if (before != null) {
            asked.addAll(before.asked);
            found.putAll(before.found);
        }
        for (Object link : links) {
            if (link instanceof Link listed) {
                listed(listed);
            }
        }
        for (Object link : links) {
            if (!(link instanceof Link) && asked.add(key(Link.idOf(link)))) {
                toRead.add(key(Link.idOf(link)));
            }
        }
    }

    /**
     * What {@code before} learnt and the links to read now, as {@link #LinkReads(LinkReads, Iterable)}; {@code before}
     * itself when it asked about each of them already (a claimed batch's step checking its own link): each
     * step of a batch would otherwise hold a copy of the whole batch's reads.
     */
    static LinkReads after(LinkReads before, Iterable<?> links) {
        if (before == null) {
            return new LinkReads(null, links);
        }
        for (Object link : links) {
            if (link instanceof Link || !before.asked(Link.idOf(link))) {
                return new LinkReads(before, links);
            }
        }
        return before;
    }

    /** Whether this read asked Belvo about the link. */
    public boolean asked(String linkId) {
        return asked.contains(key(linkId));
    }

    /** The link as Belvo listed it, or null when Belvo does not know it (or it was not asked about). */
    public Link link(String linkId) {
        return found.get(key(linkId));
    }

    /** A link Belvo's listing just showed counts as read. */
    private void listed(Link link) {
        asked.add(key(link.id()));
        found(link);
    }

    /** How many links were asked about and how many Belvo knows, for logs. */
    @Override
    public String toString() {
        return "LinkReads[asked=" + asked.size() + ", found=" + found.size() + "]";
    }

    /** The ids that can go in {@code id__in}: the ids to read now that are Belvo link ids ({@link Link#isId}), each once. */
    Set<String> uuids() {
        Set<String> uuids = new LinkedHashSet<>();
        for (String id : toRead) {
            if (Link.isId(id)) {
                uuids.add(id);
            }
        }
        return uuids;
    }

    void found(Link link) {
        found.put(key(link.id()), link);
    }

    /** Ids are compared as Belvo compares UUIDs: in any case; Belvo answers them in lower case. */
    private static String key(String linkId) {
        return String.valueOf(linkId).toLowerCase(Locale.ROOT);
    }
}
