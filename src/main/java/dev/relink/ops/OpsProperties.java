package dev.relink.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one login of the ops console at {@code /ops} (required outside the {@code local} profile), and how many
 * wrong passwords it takes for one user name from one address ({@code max-failed-logins} within
 * {@code failed-login-window}) before it holds that pair back ({@link LoginThrottle}).
 */
@ConfigurationProperties("relink.ops")
record OpsProperties(String username, String password, @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("5m") Duration failedLoginWindow) {

    @Override
    public String toString() {
        return "OpsProperties[username=" + username + ", password=****, maxFailedLogins=" + maxFailedLogins
                + ", failedLoginWindow=" + failedLoginWindow + "]";
    }
}
