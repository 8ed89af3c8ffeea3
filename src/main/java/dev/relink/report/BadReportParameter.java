package dev.relink.report;

/** A report parameter that cannot be read ({@code by}, {@code from}, {@code to}): the problem type and what to send. */
public final class BadReportParameter extends IllegalArgumentException {

    private final String type;

    BadReportParameter(String type, String detail) {
        super(detail);
        this.type = type;
    }

    /** The problem's type, e.g. {@code unknown-dimension}, {@code bad-date}. */
    public String type() {
        return type;
    }
}
