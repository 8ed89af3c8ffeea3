package dev.relink.contact;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates and normalizes a contact, naming every bad field at once so the caller fixes all of them
 * in one go. Blank values count as absent.
 */
final class ContactRules {

    /** One bad field: its name as the API spells it and what is wrong with it. */
    record FieldError(String field, String message) {
    }

    /** A normalized contact, or the list of what is wrong with it. */
    record Checked(Contact contact, List<FieldError> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp");

    private static final Pattern EMAIL = Pattern.compile(
            "^[^@\\s\\p{Cntrl},;<>\"]+@[^@\\s\\p{Cntrl},;<>\"]+\\.[^@\\s\\p{Cntrl},;<>\".]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern LOCALE = Pattern.compile("^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private ContactRules() {
    }

    static Checked check(String externalId, Contact input) {
        List<FieldError> errors = new ArrayList<>();
        if (externalId == null || externalId.isBlank() || externalId.length() > 256
                || externalId.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("external_id", "must be 1 to 256 printable characters (the link's external_id)"));
        }
        String name = blankToNull(input.name());
        if (name != null && (name.length() > 256 || name.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("name", "must be at most 256 printable characters"));
        }
        String email = blankToNull(input.email());
        if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
            errors.add(new FieldError("email", "'" + email + "' is not an email address like name@example.com"));
        }
        String phone = blankToNull(input.phone());
        if (phone != null) {
            phone = phone.replaceAll("[\\s().-]", "");
            if (!E164.matcher(phone).matches()) {
                errors.add(new FieldError("phone",
                        "'" + input.phone() + "' is not an E.164 number: '+', country code and number, e.g. +5215512345678"));
            }
        }
        String locale = normalizeLocale(blankToNull(input.locale()), errors);
        String channel = blankToNull(input.channel());
        if (channel != null) {
            channel = channel.toLowerCase(Locale.ROOT);
            if (!CHANNELS.contains(channel)) {
                errors.add(new FieldError("channel", "must be email, sms or whatsapp, not '" + input.channel() + "'"));
            } else if ((channel.equals("sms") || channel.equals("whatsapp")) && phone == null) {
                errors.add(new FieldError("phone", "is needed when channel is " + channel));
            } else if (channel.equals("whatsapp") && input.whatsappOptInAt() == null) {
                errors.add(new FieldError("whatsapp_opt_in_at", "is needed when channel is whatsapp: when the person"
                        + " agreed to WhatsApp messages (an ISO-8601 time such as 2026-11-30T12:00:00Z)"));
            } else if (channel.equals("email") && email == null) {
                errors.add(new FieldError("email", "is needed when channel is email"));
            }
        }
        if (email == null && phone == null && channel == null) {
            errors.add(new FieldError("email", "give an email or a phone (or both): a contact needs a way to be reached"));
        }
        String timeZone = blankToNull(input.timeZone());
        if (timeZone != null && !ZONES.contains(timeZone)) {
            errors.add(new FieldError("time_zone",
                    "'" + timeZone + "' is not an IANA time zone such as America/Mexico_City or America/Sao_Paulo"));
        }
        Contact normalized = new Contact(externalId, name, email, phone, locale, channel, timeZone, null,
                input.whatsappOptInAt(), null, null);
        return new Checked(normalized, List.copyOf(errors));
    }

    private static String normalizeLocale(String locale, List<FieldError> errors) {
        if (locale == null) {
            return null;
        }
        Matcher m = LOCALE.matcher(locale);
        String language = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (language == null || !Contact.LANGUAGES.contains(language)) {
            errors.add(new FieldError("locale",
                    "must be es, pt or en, optionally with a region such as es-MX or pt-BR, not '" + locale + "'"));
            return null;
        }
        return m.group(2) == null ? language : language + "-" + m.group(2).toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
