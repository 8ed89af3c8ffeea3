package dev.relink.detect;

import java.util.List;

/** Re-checks read from Belvo together (one {@code id__in} read for up to 100 links): the body of {@code detect.recheck}. */
public record RecheckBatch(List<Recheck> rechecks) {
}
