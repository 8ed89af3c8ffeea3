package dev.relink.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Contacts in table {@code contact}. Finding one looks in the table first, then asks the app's
 * lookup URL when one is configured. Saving a contact announces it ({@link ContactSaved}, in the
 * saving transaction), so the ladder wakes the person's incidents parked as {@code no_contact}:
 * nobody stays forgotten once the app tells us how to reach them.
 */
@Component
public class ContactStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ContactLookup lookup;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContactStore(JdbcTemplate jdbc, TransactionTemplate tx, ContactLookup lookup, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.lookup = lookup;
        this.events = events;
        this.clock = clock;
    }

    /** The stored contact, else the app's answer to the lookup URL, else empty. */
    public Optional<Contact> find(String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        Optional<Contact> stored = stored(externalId);
        return stored.isPresent() ? stored : lookup.find(externalId);
    }

    Optional<Contact> stored(String externalId) {
        return jdbc.query("select * from contact where external_id = ?", ContactStore::row, externalId).stream().findFirst();
    }

    /** Inserts or replaces; true when it was new. */
    boolean save(Contact contact) {
        Boolean created = tx.execute(status -> {
            Instant now = clock.instant();
            boolean isNew = upsert(contact, now);
            events.publishEvent(new ContactSaved(contact.externalId(), now));
            return isNew;
        });
        return Boolean.TRUE.equals(created);
    }

    /** Saves every contact or none (one transaction). Answers how many were new. */
    int saveAll(List<Contact> contacts) {
        Integer created = tx.execute(status -> {
            Instant now = clock.instant();
            int count = 0;
            for (Contact contact : contacts) {
                if (upsert(contact, now)) {
                    count++;
                }
                events.publishEvent(new ContactSaved(contact.externalId(), now));
            }
            return count;
        });
        return created == null ? 0 : created;
    }

    /**
     * Erasure: deletes the stored contact, with its opt-outs; answers it as it was (its address and phone
     * are searched for elsewhere), empty when none was stored. In the caller's transaction.
     */
    public Optional<Contact> forget(String externalId) {
        Optional<Contact> stored = stored(externalId);
        stored.ifPresent(contact -> jdbc.update("delete from contact where external_id = ?", externalId));
        return stored;
    }

    private boolean upsert(Contact c, Instant now) {
        if (update(c, now) > 0) {
            return false;
        }
        try {
            jdbc.update("insert into contact (external_id, name, email, phone, locale, channel, time_zone,"
                    + " whatsapp_opt_in_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    c.externalId(), c.name(), c.email(), c.phone(), c.locale(), c.channel(), c.timeZone(),
                    at(c.whatsappOptInAt()), at(now));
            return true;
        } catch (DuplicateKeyException concurrentInsert) {
            update(c, now);
            return false;
        }
    }

    private int update(Contact c, Instant now) {
        // another address than the one that bounced is worth trying: the mark goes with the old address
        return jdbc.update("update contact set name = ?, email = ?, phone = ?, locale = ?, channel = ?, time_zone = ?,"
                + " whatsapp_opt_in_at = ?, updated_at = ?, email_undeliverable_at = case when email = ?"
                + " then email_undeliverable_at end where external_id = ?",
                c.name(), c.email(), c.phone(), c.locale(), c.channel(), c.timeZone(), at(c.whatsappOptInAt()), at(now),
                c.email(), c.externalId());
    }

    /** The contacts stored with this phone number (E.164): whom an inbound SMS or WhatsApp message is from. */
    public List<String> withPhone(String phone) {
        return jdbc.queryForList("select external_id from contact where phone = ?", String.class, phone);
    }

    /**
     * Records that the person opted out of {@code channel} (email, sms or whatsapp) at {@code at}, with
     * Twilio's OptOutType when it sent one; an earlier opt-out keeps its time. False when no contact is stored.
     */
    public boolean optOut(String externalId, String channel, Instant at, String optOutType) {
        String column = optOutColumn(channel);
        return jdbc.update("update contact set " + column + " = coalesce(" + column + ", ?),"
                + " opt_out_type = coalesce(?, opt_out_type) where external_id = ?", at(at), optOutType, externalId) > 0;
    }

    /**
     * The contact's email address hard-bounced: no more prompts by email until the app saves another
     * address. Only when the contact was not saved since {@code sentAt} (the bounced message went to the
     * address stored now); false otherwise, or when no contact is stored. An earlier mark keeps its time.
     */
    public boolean emailUndeliverable(String externalId, Instant sentAt, Instant at) {
        return jdbc.update("update contact set email_undeliverable_at = coalesce(email_undeliverable_at, ?)"
                + " where external_id = ? and updated_at <= ?", at(at), externalId, at(sentAt)) > 0;
    }

    /**
     * The person opted back in to {@code channel} (START): prompts may go there again, and their incidents
     * parked as no_contact resume ({@link ContactSaved}).
     */
    public boolean optIn(String externalId, String channel, String optOutType) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            boolean changed = jdbc.update("update contact set " + optOutColumn(channel) + " = null,"
                    + " opt_out_type = coalesce(?, opt_out_type) where external_id = ?", optOutType, externalId) > 0;
            if (changed) {
                events.publishEvent(new ContactSaved(externalId, clock.instant()));
            }
            return changed;
        }));
    }

    private static String optOutColumn(String channel) {
        return switch (channel) {
            case "email", "sms", "whatsapp" -> channel + "_opt_out_at";
            default -> throw new IllegalArgumentException("no opt-out for channel '" + channel + "'");
        };
    }

    private static Contact row(ResultSet rs, int n) throws SQLException {
        OptOuts optOuts = new OptOuts(instant(rs.getObject("email_opt_out_at", OffsetDateTime.class)),
                instant(rs.getObject("sms_opt_out_at", OffsetDateTime.class)),
                instant(rs.getObject("whatsapp_opt_out_at", OffsetDateTime.class)), rs.getString("opt_out_type"));
        return new Contact(rs.getString("external_id"), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("locale"), rs.getString("channel"), rs.getString("time_zone"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("whatsapp_opt_in_at", OffsetDateTime.class)), optOuts.none() ? null : optOuts,
                instant(rs.getObject("email_undeliverable_at", OffsetDateTime.class)));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
