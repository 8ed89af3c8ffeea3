package dev.relink.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The one login of the ops console at {@code /ops} (required outside the {@code local} profile). */
@ConfigurationProperties("relink.ops")
record OpsProperties(String username, String password) {

    @Override
    public String toString() {
        return "OpsProperties[username=" + username + ", password=****]";
    }
}
