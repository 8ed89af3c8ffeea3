package dev.relink.report;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One group of the report (docs/how-it-works.md, "The repair report"): how many of its incidents reached
 * each stage; {@code repaired} counts every incident Belvo says is {@code valid} again, with or without a
 * click ({@code repaired_without_click} is the part without). A rate within n days counts only the
 * incidents detected at least n days ago ({@code matured_nd}); null when there are none yet. The median
 * time to repair is over repaired incidents; the opt-out rate over prompted ones; the cost is of the
 * messages that went out, per repaired incident. {@code messages_delivered}, {@code messages_bounced},
 * {@code messages_complained}: of those messages, the ones their provider says reached the person, could not
 * be delivered (a hard bounce; Twilio's {@code undelivered}) or were reported as spam; each rate is over
 * {@code messages} (null when none went out).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"group", "incidents", "prompted", "delivered", "page_viewed", "started", "widget_success",
        "widget_error", "widget_exit", "repaired", "repaired_without_click", "open", "never", "matured_1d",
        "repair_rate_1d", "matured_3d", "repair_rate_3d", "matured_7d", "repair_rate_7d", "median_seconds_to_repair",
        "opted_out", "opt_out_rate", "messages", "cost", "cost_per_repair", "messages_delivered", "messages_bounced",
        "messages_complained", "delivery_rate", "bounce_rate", "complaint_rate"})
public record ReportRow(
        String group,
        long incidents,
        long prompted,
        long delivered,
        @JsonProperty("page_viewed") long pageViewed,
        long started,
        @JsonProperty("widget_success") long widgetSuccess,
        @JsonProperty("widget_error") long widgetError,
        @JsonProperty("widget_exit") long widgetExit,
        long repaired,
        @JsonProperty("repaired_without_click") long repairedWithoutClick,
        long open,
        long never,
        @JsonProperty("matured_1d") long matured1d,
        @JsonProperty("repair_rate_1d") Double repairRate1d,
        @JsonProperty("matured_3d") long matured3d,
        @JsonProperty("repair_rate_3d") Double repairRate3d,
        @JsonProperty("matured_7d") long matured7d,
        @JsonProperty("repair_rate_7d") Double repairRate7d,
        @JsonProperty("median_seconds_to_repair") Long medianSecondsToRepair,
        @JsonProperty("opted_out") long optedOut,
        @JsonProperty("opt_out_rate") Double optOutRate,
        long messages,
        BigDecimal cost,
        @JsonProperty("cost_per_repair") BigDecimal costPerRepair,
        @JsonProperty("messages_delivered") long messagesDelivered,
        @JsonProperty("messages_bounced") long messagesBounced,
        @JsonProperty("messages_complained") long messagesComplained,
        @JsonProperty("delivery_rate") Double deliveryRate,
        @JsonProperty("bounce_rate") Double bounceRate,
        @JsonProperty("complaint_rate") Double complaintRate) {
}
