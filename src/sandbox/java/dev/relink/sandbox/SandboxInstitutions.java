package dev.relink.sandbox;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * The emulated institutions and Belvo's word on each ({@code EnumInstitutionStatus}): {@code healthy}
 * unless a test or a demo takes it {@code down} ({@code POST /sandbox/admin/institutions/{name}/status}).
 * Besides the fixed banks of {@link SandboxBank}, tests and benchmarks add banks with generated names
 * that just answer, as erebor does: a test that needs a bank nobody else has touched, a benchmark's fifty.
 */
@Component
@SandboxEnabled
class SandboxInstitutions {

    static final String HEALTHY = "healthy";
    static final String DOWN = "down";
    static final Set<String> STATUSES = Set.of(HEALTHY, DOWN);

    private final Set<String> names = new ConcurrentSkipListSet<>(SandboxBank.INSTITUTIONS);
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    boolean knows(String name) {
        return name != null && names.contains(name);
    }

    Set<String> names() {
        return Set.copyOf(names);
    }

    /** {@code count} new banks, named {@code vault<8 hex>_mx_retail} (Belvo's bank_country_type). */
    List<String> add(int count) {
        List<String> added = new ArrayList<>(count);
        while (added.size() < count) {
            String name = "vault" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_mx_retail";
            if (names.add(name)) {
                added.add(name);
            }
        }
        return added;
    }

    String status(String name) {
        return statuses.getOrDefault(name, HEALTHY);
    }

    void status(String name, String status) {
        statuses.put(name, status);
    }

    /** Back to the startup state: the fixed banks only, each healthy. */
    void clear() {
        statuses.clear();
        names.retainAll(SandboxBank.INSTITUTIONS);
    }

    /** Every emulated institution, by name, as Belvo's institution object (the fields Relink and the widget read). */
    List<Map<String, Object>> all() {
        return names.stream().map(name -> {
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
