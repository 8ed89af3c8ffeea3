package dev.relink.prompt;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.repair.RepairLinks;

/**
 * Turns a planned step into the message the person reads: template for the incident's reason in the
 * contact's locale, their name when known, the bank's display name, a fresh signed repair URL for the
 * channel and the date it stops working, in their time zone, and the app's brand ({@link PromptModel}). Never a Belvo token: the widget token is
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
        String locale = contact.locale() != null ? contact.locale() : settings.defaultLocale();
        RepairLinks.RepairLink link = repairLinks.linkFor(due.incidentId(), channel);
        ZoneId zone = ZoneId.of(contact.timeZone() != null ? contact.timeZone() : settings.defaultTimeZone());
        String institution = institutions.name(due.institution());
        PromptModel variables = PromptModel.of(contact.name(), institution == null ? "" : institution, link.url(),
                DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag(locale))
                        .format(link.expiresAt().atZone(zone)), brand);
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
}
