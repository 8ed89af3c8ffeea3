package dev.relink.sandbox;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies the way Belvo's API does: JSON (what the SDKs send) or a form, anything else
 * 415, broken JSON 400 {@code parse_error}. Reading them here rather than with {@code @RequestBody}
 * keeps those answers Belvo-shaped and keeps Spring from choosing a different error path.
 */
@Component
@SandboxEnabled
class SandboxBodies {

    private final ObjectMapper json;

    SandboxBodies(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode parse(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        MediaType type = mediaType(contentType);
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.getSubtype().endsWith("+json")) {
            throw SandboxError.unsupportedMediaType(contentType);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw SandboxError.parseError(e.getOriginalMessage());
        } catch (IOException e) {
            throw SandboxError.parseError("the request body could not be read");
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw SandboxError.invalid("non_field_errors",
                "Invalid data. Expected a dictionary, but got " + node.getNodeType().name().toLowerCase() + ".");
    }

    /** A field as text (numbers and booleans as written), or null when absent, null or blank. */
    static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    static String required(ObjectNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            throw SandboxError.required(field);
        }
        return value;
    }

    /** A list of strings, or null when absent; anything but a list of strings is Belvo's {@code not_a_list}. */
    static List<String> stringList(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw SandboxError.notAList(field);
        }
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        return items;
    }

    private MediaType mediaType(String contentType) {
        if (contentType == null) {
            throw SandboxError.unsupportedMediaType("");
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw SandboxError.unsupportedMediaType(contentType);
        }
    }

    private ObjectNode form(String body) {
        ObjectNode fields = json.createObjectNode();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
    }
}
