package dev.relink.detect;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import dev.relink.web.Filters;
import dev.relink.web.Paging;

/** The read side of {@code webhook_inbox}: what Belvo sent and what Relink did with it, for ops and the app. */
@Component
public class StoredWebhooks {

    public static final List<String> STATUSES = List.of(WebhookInbox.PENDING, WebhookInbox.PROCESSING,
            WebhookInbox.DONE, WebhookInbox.IGNORED, WebhookInbox.FAILED);

    private static final String COLUMNS = "id, webhook_id, webhook_type, webhook_code, link_id, external_id, request_id, "
            + "received_at, status, outcome, attempts, processed_at, error";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredWebhook(long id, @JsonProperty("webhook_id") String webhookId,
            @JsonProperty("webhook_type") String webhookType, @JsonProperty("webhook_code") String webhookCode,
            @JsonProperty("link_id") String linkId, @JsonProperty("external_id") String externalId,
            @JsonProperty("request_id") String requestId, @JsonProperty("received_at") OffsetDateTime receivedAt,
            String status, String outcome, int attempts, @JsonProperty("processed_at") OffsetDateTime processedAt,
            String error, @JsonRawValue String payload) {
    }

    /** Filters; null or blank means any. */
    public record Filter(String status, String type, String code, String linkId) {

        /** The filter a caller asked for with {@code status, type, code, link_id}; a bad status or link id is a 400 problem. */
        public static Filter from(Map<String, String> params) {
            return new Filter(Filters.oneOf("status", params.get("status"), STATUSES), params.get("type"),
                    params.get("code"), Filters.linkId(params.get("link_id")));
        }

        String where(List<Object> args) {
            StringBuilder where = new StringBuilder();
            add(where, args, "status", status);
            add(where, args, "webhook_type", type);
            add(where, args, "webhook_code", code);
            add(where, args, "link_id", linkId);
            return where.toString();
        }

        private static void add(StringBuilder where, List<Object> args, String column, String value) {
            if (value != null && !value.isBlank()) {
                where.append(where.isEmpty() ? " where " : " and ").append(column).append(" = ?");
                args.add(value);
            }
        }
    }

    private final JdbcTemplate jdbc;

    StoredWebhooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<StoredWebhook> page(Filter filter, Paging paging) {
        List<Object> args = new ArrayList<>();
        String where = filter.where(args);
        args.add(paging.size());
        args.add(paging.offset());
        return jdbc.query("select " + COLUMNS + " from webhook_inbox" + where + " order by id desc limit ? offset ?",
                row(false), args.toArray());
    }

    public long count(Filter filter) {
        List<Object> args = new ArrayList<>();
        Long count = jdbc.queryForObject("select count(*) from webhook_inbox" + filter.where(args), Long.class,
                args.toArray());
        return count == null ? 0 : count;
    }

    /** One stored webhook with the payload exactly as Belvo sent it. */
    public Optional<StoredWebhook> find(long id) {
        return jdbc.query("select " + COLUMNS + ", payload from webhook_inbox where id = ?", row(true), id).stream()
                .findFirst();
    }

    private static RowMapper<StoredWebhook> row(boolean withPayload) {
        return (rs, n) -> new StoredWebhook(rs.getLong("id"), rs.getString("webhook_id"), rs.getString("webhook_type"),
                rs.getString("webhook_code"), rs.getString("link_id"), rs.getString("external_id"),
                rs.getString("request_id"), rs.getObject("received_at", OffsetDateTime.class), rs.getString("status"),
                rs.getString("outcome"), rs.getInt("attempts"), rs.getObject("processed_at", OffsetDateTime.class),
                rs.getString("error"), withPayload ? rs.getString("payload") : null);
    }
}
