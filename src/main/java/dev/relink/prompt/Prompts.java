package dev.relink.prompt;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.repair.RepairLinks;

/**
 * Turns a planned step into the message the person reads: template for the incident's reason in the
 * contact's locale, their name when known, the bank's display name, a fresh signed repair URL for the
 * channel and the date it stops working, in their time zone. Never a Belvo token: the widget token is
 * minted only when the repair page is opened.
 */
@Component("prompts")
public class Prompts {

    private static final Logger LOG = LoggerFactory.getLogger(Prompts.class);
    static final int MAX_SMS_SEGMENTS = 2;

    private final PromptTemplates templates;
    private final RepairLinks repairLinks;
    private final PromptSettings settings;
    private final InstitutionNames institutions;
    private final Brand brand;

    Prompts(PromptTemplates templates, RepairLinks repairLinks, PromptSettings settings, InstitutionNames institutions,
            Brand brand) {
        this.templates = templates;
        this.repairLinks = repairLinks;
        this.settings = settings;
        this.institutions = institutions;
        this.brand = brand;
    }

    public Outgoing compose(Ladder.Plan plan) {
        Ladder.Due due = plan.due();
        Contact contact = plan.contact();
        String channel = plan.channel();
        String locale = localeOf(contact);
        Map<String, Object> variables = model(plan);
        if ("sms".equals(channel)) {
            PromptTemplates.Found sms = templates.find(due.reason(), locale, "sms");
            String text = SmsText.toGsm(templates.renderText(sms, variables).strip());
            int segments = SmsText.segments(text);
            if (segments > MAX_SMS_SEGMENTS) {
                LOG.warn("SMS template {} renders to {} segments (limit {}); shorten it", sms.name(), segments,
                        MAX_SMS_SEGMENTS);
            }
            return new Outgoing(due, channel, contact.phone(),
                    Masking.recipient(channel, contact.phone()), sms.name(), null, null, text, null);
        }
        PromptTemplates.Found subject = templates.find(due.reason(), locale, "email-subject");
        PromptTemplates.Found html = templates.find(due.reason(), locale, "email-html");
        PromptTemplates.Found text = templates.find(due.reason(), locale, "email-text");
        return new Outgoing(due, channel, contact.email(),
                Masking.recipient(channel, contact.email()), html.name(),
                templates.renderText(subject, variables).strip().replaceAll("[\\r\\n]+", " "),
                templates.renderHtml(html, variables), templates.renderText(text, variables), null);
    }

    /**
     * The one model every template part is rendered with. {@code relink validate} knows a template's
     * placeholders from it too, so a variable added here is known there without a second list.
     */
    Map<String, Object> model(Ladder.Plan plan) {
        Contact contact = plan.contact();
        String locale = localeOf(contact);
        RepairLinks.RepairLink link = repairLinks.linkFor(plan.due().incidentId(), plan.channel());
        ZoneId zone = ZoneId.of(contact.timeZone() != null ? contact.timeZone() : settings.defaultTimeZone());
        Map<String, Object> variables = new HashMap<>();
        if (contact.name() != null) {
            variables.put("name", contact.name());
        }
        String institution = institutions.name(plan.due().institution());
        variables.put("institution", institution == null ? "" : institution);
        variables.put("repairUrl", link.url());
        variables.put("expires", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(Locale.forLanguageTag(locale)).format(link.expiresAt().atZone(zone)));
        // the brand (relink.brand.*): every key is there, unset ones null, so a template may use each
        variables.put("appName", brand.appName());
        variables.put("logoUrl", brand.logoUrl());
        variables.put("primaryColor", brand.primaryColor());
        variables.put("supportUrl", brand.supportUrl());
        variables.put("supportContact", brand.supportContact());
        variables.put("privacyUrl", brand.privacyUrl());
        return variables;
    }

    private String localeOf(Contact contact) {
        return contact.locale() != null ? contact.locale() : settings.defaultLocale();
    }
}
