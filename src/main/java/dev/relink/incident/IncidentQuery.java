package dev.relink.incident;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.relink.web.Filters;
import dev.relink.web.Paging;

/**
 * Filters of an incident list ({@code GET /api/incidents}, the ops console); null means "any".
 * {@code open}: true = not closed, false = closed.
 */
public record IncidentQuery(String state, String reason, String linkId, String externalId, Boolean open, int page,
        int size) {

    public static final List<String> REASONS = List.of("invalid_credentials", "token_required", "unconfirmed",
            "consent_expiring", "consent_expired");
    static final int MAX_SIZE = 500;

    /**
     * The query a caller asked for with {@code state, reason, link_id, external_id, open, page, size};
     * a bad value is a 400 problem naming it.
     */
    public static IncidentQuery from(Map<String, String> params, int defaultSize) {
        String state = Filters.oneOf("state", params.get("state"), IncidentState.ALL);
        String reason = Filters.oneOf("reason", params.get("reason"), REASONS);
        String linkId = Filters.linkId(params.get("link_id"));
        Paging paging = Paging.of(params.get("page"), params.get("size"), defaultSize, MAX_SIZE);
        String open = params.get("open");
        if (open != null && !open.isBlank() && !Set.of("true", "false").contains(open)) {
            throw Paging.badRequest("open must be true (incidents not closed yet) or false (closed); got '" + open + "'.");
        }
        return new IncidentQuery(state, reason, linkId, params.get("external_id"),
                open == null || open.isBlank() ? null : Boolean.valueOf(open), paging.page(), paging.size());
    }

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
