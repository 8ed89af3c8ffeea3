package dev.relink.consent;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A contact's Brazilian identity, for My Belvo Portal tokens: CPF (11 digits) and full name. The API
 * only ever shows {@code cpf} masked ({@code ***.***.***-09}); {@link #toString()} never names it.
 */
public record Identity(@JsonIgnore String cpf, @JsonProperty("full_name") String fullName,
        @JsonProperty("updated_at") Instant updatedAt) {

    @JsonProperty("cpf")
    String maskedCpf() {
        return "***.***.***-" + cpf.substring(9);
    }

    @Override
    public String toString() {
        return "Identity[cpf=" + maskedCpf() + "]";
    }

    /** The CPF's 11 digits if {@code text} is a valid CPF (dots and dash optional, check digits right), else null. */
    static String validCpf(String text) {
        if (text == null || !text.matches("\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}")) {
            return null;
        }
        String digits = text.replaceAll("\\D", "");
        if (digits.chars().distinct().count() == 1) {
            return null;
        }
        return checkDigit(digits, 9) == digits.charAt(9) - '0' && checkDigit(digits, 10) == digits.charAt(10) - '0'
                ? digits : null;
    }

    private static int checkDigit(String digits, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (length + 1 - i);
        }
        int rest = sum * 10 % 11;
        return rest == 10 ? 0 : rest;
    }
}
