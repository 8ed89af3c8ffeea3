package dev.relink.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON bodies no endpoint can ever read or store, each built from a body the endpoint would take, with
 * the words the 400 answer must use to name the reason.
 */
public final class UnreadableBodies {

    /** One unreadable body; {@code reason} is what the problem's detail must say. */
    public record Case(String name, byte[] body, String reason) {

        @Override
        public String toString() {
            return name;
        }
    }

    private UnreadableBodies() {
    }

    /** Every case, built from {@code valid}: a JSON object (ending in '}') the endpoint accepts. */
    public static List<Case> from(String valid) {
        String open = valid.substring(0, valid.lastIndexOf('}'));
        String firstKey = valid.substring(valid.indexOf('"'), valid.indexOf('"', valid.indexOf('"') + 1) + 1);
        return List.of(
                new Case("5,000 nested arrays", ascii(open + ",\"extra\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
                        "nesting depth (1001) exceeds the maximum allowed (1000)"),
                new Case("a number of 1,001 digits", ascii(open + ",\"extra\":" + "7".repeat(1001) + "}"),
                        "number value length (1001) exceeds the maximum allowed (1000)"),
                new Case("a key of 50,001 characters", ascii(open + ",\"" + "k".repeat(50_001) + "\":1}"),
                        "name length (50001) exceeds the maximum allowed (50000)"),
                new Case("invalid UTF-8", bytes(open + ",\"extra\":\"caf", new byte[] {(byte) 0xC3, 0x28}, "\"}"),
                        "not valid UTF-8"),
                new Case("an overlong UTF-8 NUL", bytes(open + ",\"extra\":\"", new byte[] {(byte) 0xC0, (byte) 0x80},
                        "\"}"), "not valid UTF-8"),
                new Case("a duplicate key", ascii(open + "," + firstKey + ":\"again\"}"),
                        "has the key " + firstKey.replace('"', '\'') + " twice"),
                new Case("more after the JSON value", ascii(valid + " {}"), "more follows the JSON value"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(before));
        out.writeBytes(raw);
        out.writeBytes(ascii(after));
        return out.toByteArray();
    }
}
