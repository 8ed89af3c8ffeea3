package dev.relink.consent;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What the consent capability holds about people, for erasure and retention: a contact's identity (CPF and
 * full name, {@code contact_identity}) and the consent each incident is about ({@code incident_consent}).
 */
@Component
public class ConsentRecords {

    private final IdentityStore identities;
    private final ConsentStore consents;

    ConsentRecords(IdentityStore identities, ConsentStore consents) {
        this.identities = identities;
        this.consents = consents;
    }

    /** Deletes the person's identity; answers the CPF it held (other stores are searched for it), if any. */
    public Optional<String> forgetIdentity(String externalId) {
        Optional<String> cpf = identities.find(externalId).map(Identity::cpf);
        identities.delete(externalId);
        return cpf;
    }

    /** Deletes the consents these incidents were about (Belvo's consent ids lead back to the person). */
    public void forgetConsents(List<String> incidentIds) {
        consents.forget(incidentIds);
    }
}
