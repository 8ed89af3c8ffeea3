package dev.relink.report;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** The report as CSV: a header, one line per group, then the total ({@code group} = {@code all}); a figure not known yet is empty. */
final class ReportCsv {

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CSV.schemaFor(ReportRow.class).withHeader().withNullValue("");

    private ReportCsv() {
    }

    static String of(RepairReports.Report report) {
        List<ReportRow> lines = new ArrayList<>(report.rows());
        lines.add(report.total());
        try {
            return CSV.writer(SCHEMA).writeValueAsString(lines);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write the report as CSV", impossible);
        }
    }
}
