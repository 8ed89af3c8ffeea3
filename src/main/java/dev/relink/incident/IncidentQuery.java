package dev.relink.incident;

import java.util.List;

/** Filters of {@code GET /api/incidents}; null means "any". */
record IncidentQuery(String state, String reason, String linkId, String externalId, int page, int size) {

    String where(List<Object> args) {
        StringBuilder where = new StringBuilder();
        add(where, args, "state", state);
        add(where, args, "reason", reason);
        add(where, args, "link_id", linkId);
        add(where, args, "external_id", externalId);
        return where.toString();
    }

    private static void add(StringBuilder where, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(where.isEmpty() ? " where " : " and ").append(column).append(" = ?");
            args.add(value);
        }
    }
}
