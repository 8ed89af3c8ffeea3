package dev.relink.consent;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code contact_identity}: a contact's CPF and full name. */
@Repository
class IdentityStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    IdentityStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Saves it; false when the contact does not exist. */
    boolean save(String externalId, String cpf, String fullName) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.update("update contact_identity set cpf = ?, full_name = ?, updated_at = ? where external_id = ?",
                cpf, fullName, now, externalId) == 1) {
            return true;
        }
        try {
            return jdbc.update("insert into contact_identity (external_id, cpf, full_name, updated_at) values (?, ?, ?, ?)",
                    externalId, cpf, fullName, now) == 1;
        } catch (DataIntegrityViolationException noContact) {
            return false;
        }
    }

    Optional<Identity> find(String externalId) {
        return jdbc.query("select cpf, full_name, updated_at from contact_identity where external_id = ?",
                (rs, row) -> new Identity(rs.getString("cpf"), rs.getString("full_name"),
                        rs.getTimestamp("updated_at").toInstant()), externalId).stream().findFirst();
    }

    boolean delete(String externalId) {
        return jdbc.update("delete from contact_identity where external_id = ?", externalId) == 1;
    }
}
