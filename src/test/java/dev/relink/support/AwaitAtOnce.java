package dev.relink.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Every wait in the suite first looks at once: Awaitility's default is to wait one poll interval (100 ms)
 * before the first look, so a wait whose condition already holds cost 100 ms, and the suite has thousands
 * of them (DetectFlowTest alone waits for 250 incidents one by one). Registered for each test JVM in
 * {@code META-INF/services}.
 */
public final class AwaitAtOnce implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
    }
}
