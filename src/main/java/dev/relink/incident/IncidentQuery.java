package dev.relink.incident;

import java.util.List;

/** Filters of {@code GET /api/incidents}; null means "any". {@code open}: true = not closed, false = closed. */
record IncidentQuery(String state, String reason, String linkId, String externalId, Boolean open, int page,
        int size) {

    String where(List<Object> args) {
        StringBuilder where = new StringBuilder();
        if (open != null) {
            where.append(" where open_link_id is ").append(open ? "not null" : "null");
        }
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
