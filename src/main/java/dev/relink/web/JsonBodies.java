package dev.relink.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Reads the JSON body of a request strictly, or says in one sentence why not: a body Relink can never
 * read or store is the sender's mistake (400), whatever the reason, and must never look like an outage.
 * Refused: bytes that are not UTF-8 (JSON's encoding, RFC 8259), anything Jackson's parser refuses
 * (syntax, nesting depth, number and string lengths: {@code StreamReadConstraints}), a key twice in one
 * object (which of the two counts would depend on who reads the stored body) and anything after the value.
 */
@Component
public class JsonBodies {

    private final ObjectReader reader;

    public JsonBodies(ObjectMapper json) {
        this.reader = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** The body decoded as UTF-8, refusing any byte sequence that is not UTF-8. */
    public static String utf8(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        // Malformed input decodes to U+FFFD; only then is the slower, position-reporting decoder needed.
        if (text.indexOf('\uFFFD') >= 0) {
            ByteBuffer in = ByteBuffer.wrap(body);
            CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(body.length), true);
            if (result.isError()) {
                throw new UnreadableJson("invalid-utf8", "The body is not valid UTF-8 (byte offset " + in.position()
                        + "); send JSON encoded as UTF-8.");
            }
        }
        return text;
    }

    /** The UTF-8 body as a JSON tree (null or missing for a body of only whitespace). */
    public JsonNode tree(byte[] body) {
        return tree(utf8(body));
    }

    /** The text as one JSON value with nothing after it. */
    public JsonNode tree(String text) {
        try (JsonParser parser = reader.createParser(text)) {
            JsonNode tree = reader.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                throw new UnreadableJson("malformed-json", "The body is not valid JSON: more follows the JSON value"
                        + where(parser) + ".");
            }
            return tree;
        } catch (StreamConstraintsException limit) {
            String reason = limit.getOriginalMessage().replaceAll(", from `[^`]*`", "");
            throw new UnreadableJson("json-limit", "The body exceeds a JSON limit: "
                    + Character.toLowerCase(reason.charAt(0)) + reason.substring(1) + ".");
        } catch (JsonParseException malformed) {
            String message = malformed.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field '")) {
                throw new UnreadableJson("duplicate-key", "The body has the key " + message.substring(
                        "Duplicate field ".length()) + " twice in one object" + where(malformed) + ".");
            }
            throw new UnreadableJson("malformed-json", "The body is not valid JSON" + where(malformed) + ".");
        } catch (IOException unreadable) {
            throw new UnreadableJson("malformed-json", "The body could not be read as JSON.");
        }
    }

    /** The JSON object as {@code type}; a field of the wrong JSON type is a 400 naming it. */
    public <T> T value(JsonNode object, Class<T> type) {
        try {
            return reader.treeToValue(object, type);
        } catch (JsonMappingException wrongType) {
            String field = wrongType.getPath().isEmpty() ? "?" : wrongType.getPath().get(0).getFieldName();
            throw new UnreadableJson("invalid-field", "Field '" + field + "' has the wrong JSON type.");
        } catch (JsonProcessingException impossible) {
            throw new UnreadableJson("malformed-json", "The body could not be read as JSON.");
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static String where(JsonParser parser) {
        return " (line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
                + ")";
    }

    /** A 400 problem+json; {@link #tag()} names the reason (problem type {@code https://relink.dev/problems/<tag>}). */
    public static final class UnreadableJson extends ErrorResponseException {

        private final String tag;

        UnreadableJson(String tag, String detail) {
            super(HttpStatus.BAD_REQUEST, ProblemResponses.problem(HttpStatus.BAD_REQUEST, tag, detail), null);
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        public String detail() {
            return getBody().getDetail();
        }
    }
}
