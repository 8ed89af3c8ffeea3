package dev.relink.institution;

import java.time.Instant;

/**
 * One institution's new broken links of one reason: in the window, in the baseline before it, and when
 * its first incident was opened (null: none yet).
 */
record SignalCounts(long inWindow, long inBaseline, Instant firstSeen) {
}
