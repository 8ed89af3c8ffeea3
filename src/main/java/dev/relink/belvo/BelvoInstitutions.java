package dev.relink.belvo;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.springframework.stereotype.Component;

/** Reads one page of {@code GET /api/institutions/} into the {@link InstitutionListing} under way. */
@Component("belvoInstitutions")
public class BelvoInstitutions {

    /** Exchange property holding the {@link InstitutionListing}. */
    public static final String LISTING = "belvoInstitutions";

    private final ObjectMapper json;
    private final BelvoRequests requests;

    BelvoInstitutions(ObjectMapper json, BelvoRequests requests) {
        this.json = json;
        this.requests = requests;
    }

    public void collect(Exchange exchange) throws IOException, InvalidPayloadException {
        InstitutionListing listing = exchange.getProperty(LISTING, InstitutionListing.class);
        BelvoRequest current = listing.take();
        JsonNode page = json.readTree(exchange.getMessage().getMandatoryBody(InputStream.class));
        if (page == null || !page.path("results").isArray()) {
            throw new BelvoApiException(200, null, "the institution page has no results array", null, null,
                    current.describe());
        }
        for (JsonNode institution : page.get("results")) {
            listing.add(json.treeToValue(institution, BelvoInstitution.class));
        }
        if (page.path("next").isTextual()) {
            listing.followWith(requests.nextPage(page.get("next").asText(), current));
        }
    }
}
