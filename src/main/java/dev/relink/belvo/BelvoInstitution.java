package dev.relink.belvo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What Relink reads of Belvo's institution object: its Belvo-designated {@code name} (a link's
 * {@code institution}) and {@code status}, Belvo's integration with it: {@code healthy} or {@code down}
 * ({@code EnumInstitutionStatus}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BelvoInstitution(String name, String status) {

    public static final String HEALTHY = "healthy";
    public static final String DOWN = "down";

    public boolean isDown() {
        return DOWN.equals(status);
    }
}
