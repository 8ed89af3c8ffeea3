package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recipients as the delivery log and logs show them: a phone keeps its first three characters (the
 * country code) and its last four, an email its first letter and its domain.
 */
class MaskingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+5215512341234, +52*******1234", "+447911123456, +44******3456", "+15551234567, +15*****4567",
            "+551199999, +55***9999", "+15551234, +15**1234"})
    void aPhoneShowsOnlyItsFirstThreeAndLastFourCharacters(String phone, String masked) {
        assertThat(Masking.phone(phone)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "juan@example.com, j***@example.com", "j@example.com, j***@example.com",
            "\"a@b\"@example.com, \"***@example.com", "@example.com, ***", "no-at-sign, ***"})
    void anEmailShowsItsFirstLetterAndDomainOnly(String email, String masked) {
        assertThat(Masking.email(email)).isEqualTo(masked);
    }

    @Test
    void noAddressMasksToNone() {
        assertThat(Masking.phone(null)).isNull();
        assertThat(Masking.email(null)).isNull();
    }
}
