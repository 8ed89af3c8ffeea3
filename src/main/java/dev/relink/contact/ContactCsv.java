package dev.relink.contact;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a contacts CSV (RFC 4180: comma separated, optional double quotes, header row first). Columns
 * are named by the header, in any order: {@code external_id} (required) and any of {@code name, email,
 * phone, locale, channel, time_zone, whatsapp_opt_in_at}. Every bad row is reported with the line it
 * starts on, so ops can fix the whole file in one pass.
 */
final class ContactCsv {

    static final Set<String> COLUMNS = Set.of("external_id", "name", "email", "phone", "locale", "channel", "time_zone",
            "whatsapp_opt_in_at");

    /** One problem: the line (1 = header), the column (or null for the whole row) and what is wrong. */
    record LineError(int line, String field, String message) {
    }

    /** The valid contacts, or every error found. */
    record Parsed(List<Contact> contacts, List<LineError> errors) {
    }

    private record Record(int line, List<String> cells) {
    }

    private ContactCsv() {
    }

    static Parsed parse(String text, int maxRows) {
        List<Record> records = records(text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n'));
        List<LineError> errors = new ArrayList<>();
        if (records.isEmpty()) {
            errors.add(new LineError(1, null, "the file is empty: send a header row, then one row per contact"));
            return new Parsed(List.of(), errors);
        }
        List<String> header = records.get(0).cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                errors.add(new LineError(1, column, "unknown column; use " + String.join(", ", COLUMNS.stream().sorted().toList())));
            }
        }
        if (!header.contains("external_id")) {
            errors.add(new LineError(1, "external_id", "the header needs an external_id column"));
        }
        if (records.size() - 1 > maxRows) {
            errors.add(new LineError(1, null, "at most " + maxRows + " rows per file; split it"));
        }
        if (!errors.isEmpty()) {
            return new Parsed(List.of(), errors);
        }
        List<Contact> contacts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.cells().size() != header.size()) {
                errors.add(new LineError(record.line(), null,
                        "has " + record.cells().size() + " values, the header has " + header.size()));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                values.put(header.get(i), record.cells().get(i));
            }
            String externalId = values.get("external_id").strip();
            Instant optIn = null;
            String optInText = values.get("whatsapp_opt_in_at");
            if (optInText != null && !optInText.isBlank()) {
                try {
                    optIn = Instant.parse(optInText.strip());
                } catch (DateTimeParseException e) {
                    errors.add(new LineError(record.line(), "whatsapp_opt_in_at",
                            "'" + optInText + "' is not an ISO-8601 time such as 2026-11-30T12:00:00Z"));
                }
            }
            Contact input = new Contact(externalId, values.get("name"), values.get("email"), values.get("phone"),
                    values.get("locale"), values.get("channel"), values.get("time_zone"), null, optIn, null, null);
            ContactRules.Checked checked = ContactRules.check(externalId, input);
            checked.errors().forEach(e -> errors.add(new LineError(record.line(), e.field(), e.message())));
            Integer earlier = seen.putIfAbsent(externalId, record.line());
            if (earlier != null) {
                errors.add(new LineError(record.line(), "external_id", "repeats line " + earlier));
            }
            if (checked.ok()) {
                contacts.add(checked.contact());
            }
        }
        return new Parsed(errors.isEmpty() ? contacts : List.of(), errors);
    }

    /** Splits into records, each with the line it starts on; quoted cells may hold commas, quotes and newlines. */
    private static List<Record> records(String text) {
        List<Record> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                addUnlessBlank(records, start, cells);
                cells = new ArrayList<>();
                line++;
                start = line;
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            addUnlessBlank(records, start, cells);
        }
        return records;
    }

    private static void addUnlessBlank(List<Record> records, int line, List<String> cells) {
        if (!(cells.size() == 1 && cells.get(0).isBlank())) {
            records.add(new Record(line, cells));
        }
    }
}
