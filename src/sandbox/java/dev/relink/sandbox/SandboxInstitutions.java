package dev.relink.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Belvo's word on each emulated institution ({@code EnumInstitutionStatus}): {@code healthy} unless a
 * test or a demo takes it {@code down} ({@code POST /sandbox/admin/institutions/{name}/status}).
 */
@Component
@SandboxEnabled
class SandboxInstitutions {

    static final String HEALTHY = "healthy";
    static final String DOWN = "down";
    static final Set<String> STATUSES = Set.of(HEALTHY, DOWN);

    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    String status(String name) {
        return statuses.getOrDefault(name, HEALTHY);
    }

    void status(String name, String status) {
        statuses.put(name, status);
    }

    void clear() {
        statuses.clear();
    }

    /** Every emulated institution, by name, as Belvo's institution object (the fields Relink and the widget read). */
    List<Map<String, Object>> all() {
        return new TreeSet<>(SandboxBank.INSTITUTIONS).stream().map(name -> {
            String[] parts = name.split("_"); // Belvo's names: bank_country_type, e.g. erebor_mx_retail
            Map<String, Object> institution = new LinkedHashMap<>();
            institution.put("name", name);
            institution.put("display_name", Character.toUpperCase(parts[0].charAt(0)) + parts[0].substring(1));
            institution.put("country_code", parts[1].toUpperCase(Locale.ROOT));
            institution.put("type", "bank");
            institution.put("status", status(name));
            return institution;
        }).toList();
    }
}
