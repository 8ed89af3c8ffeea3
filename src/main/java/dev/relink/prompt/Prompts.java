package dev.relink.prompt;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.channel.Channel;
import dev.relink.channel.Channels;
import dev.relink.channel.Message;
import dev.relink.contact.Contact;
import dev.relink.repair.RepairLinks;

/**
 * Turns a planned step into the message the person reads: the plan's channel composes it from the
 * template set of the incident's reason in the contact's locale, rendered with their name when known,
 * the bank's display name, a fresh signed repair URL for the channel and the date it stops working,
 * in their time zone. Never a Belvo token: the widget token is
 * minted only when the repair page is opened.
 */
@Component("prompts")
public class Prompts {

    private final PromptTemplates templates;
    private final RepairLinks repairLinks;
    private final PromptSettings settings;
    private final InstitutionNames institutions;
    private final Brand brand;
    private final Channels channels;

    @Autowired
    Prompts(PromptTemplates templates, RepairLinks repairLinks, PromptSettings settings, InstitutionNames institutions,
            Brand brand, Channels channels) {
        this.templates = templates;
        this.repairLinks = repairLinks;
        this.settings = settings;
        this.institutions = institutions;
        this.brand = brand;
        this.channels = channels;
    }

    /** Without the app ({@code relink validate}): the channels of this build. */
    Prompts(PromptTemplates templates, RepairLinks repairLinks, PromptSettings settings, InstitutionNames institutions,
            Brand brand) {
        this(templates, repairLinks, settings, institutions, brand, Channels.shipped());
    }

    /** The step's message on the plan's channel, to the contact's address there. */
    public Outgoing compose(Ladder.Plan plan) {
        Channel channel = channels.named(plan.channel());
        Message message = channel.compose(templates.set(plan.due().reason(), localeOf(plan.contact()), plan.variant(),
                model(plan)));
        String to = channel.address(plan.contact());
        return new Outgoing(plan.due(), channel.name(), to, channel.masked(to), message.template(), plan.variant(),
                message.subject(), message.html(), message.text());
    }

    /**
     * The one model every template part is rendered with. {@code relink validate} knows a template's
     * placeholders from it too, so a variable added here is known there without a second list.
     */
    Map<String, Object> model(Ladder.Plan plan) {
        Contact contact = plan.contact();
        String locale = localeOf(contact);
        RepairLinks.RepairLink link = repairLinks.linkFor(plan.due().incidentId(), plan.channel());
        ZoneId zone = settings.zoneOf(contact);
        Map<String, Object> variables = new HashMap<>();
        if (contact.name() != null) {
            variables.put("name", contact.name());
        }
        String institution = institutions.name(plan.due().institution());
        variables.put("institution", institution == null ? "" : institution);
        variables.put("repairUrl", link.url());
        variables.put("repairToken", link.token());
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
