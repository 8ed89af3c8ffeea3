package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The pace of sends to the SMTP server, on a clock the test moves. */
class SmtpPaceTest {

    private final AtomicLong now = new AtomicLong();
    private final SmtpPace pace = new SmtpPace(16, now::get);

    @Test
    void busyAnswersToSendsUnderWayTogetherHalveTheSendsOnceAndPauseThemOnce() throws Exception {
        List<SmtpPace.Ticket> underWay = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            underWay.add(pace.start());
        }

        List<Duration> pauses = underWay.stream().map(pace::busy).toList();

        assertThat(pace.allowed()).isEqualTo(8);
        assertThat(pauses.get(0)).isEqualTo(SmtpPace.FIRST_PAUSE);
        assertThat(pauses.subList(1, 16)).containsOnly(Duration.ZERO);
        assertThat(pace.pausedFor()).isEqualTo(SmtpPace.FIRST_PAUSE);
    }

    @Test
    void whileTheServerStaysBusyEachPauseDoublesUpToAMinuteAndTheSendsDownToOne() throws Exception {
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SmtpPace.Ticket ticket = pace.start();
            Duration pause = pace.busy(ticket);
            pauses.add(pause);
            now.addAndGet(pause.toNanos());
        }

        assertThat(pauses).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .endsWith(Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(pace.allowed()).isEqualTo(1);
    }

    @Test
    void successesAfterThePauseAllowOneMoreSendAtOnceForEachRunAsLongAsTheSendsAllowed() throws Exception {
        pace.busy(pace.start()); // 16 → 8
        now.addAndGet(SmtpPace.FIRST_PAUSE.toNanos());
        assertThat(pace.pausedFor()).isZero();

        for (int i = 0; i < 8; i++) {
            pace.succeeded(pace.start());
        }
        assertThat(pace.allowed()).isEqualTo(9);
        for (int i = 0; i < 9; i++) {
            pace.succeeded(pace.start());
        }
        assertThat(pace.allowed()).isEqualTo(10);

        SmtpPace.Ticket next = pace.start();
        assertThat(pace.busy(next)).as("a success resets the pause").isEqualTo(SmtpPace.FIRST_PAUSE);
    }

    @Test
    void otherFailuresNeitherSlowNorSpeedThePace() throws Exception {
        pace.ended(pace.start());

        assertThat(pace.allowed()).isEqualTo(16);
        assertThat(pace.pausedFor()).isZero();
    }
}
