package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signature Twilio sends, checked against the test vectors of Twilio's own helper libraries. */
class TwilioSignatureTest {

    static final String TOKEN = "12345";
    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    @Test
    void theUrlAndEachParameterSortedByNameAreSigned() {
        Map<String, String[]> params = Map.of("CallSid", new String[] {"CA1234567890ABCDE"},
                "Caller", new String[] {"+14158675309"}, "Digits", new String[] {"1234"},
                "From", new String[] {"+14158675309"}, "To", new String[] {"+18005551212"});

        assertThat(TwilioSignature.of(TOKEN, URL, params)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void everyValueOfARepeatedParameterIsSignedSortedByValue() {
        // sent as Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234
        Map<String, String[]> params = Map.of("Sid", new String[] {"CA123"}, "SidAccount", new String[] {"AC123"},
                "Digits", new String[] {"5678", "1234"});

        assertThat(TwilioSignature.of(TOKEN, URL, params)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
        assertThat(TwilioSignature.of(TOKEN, URL, Map.of("Sid", new String[] {"CA123"}, "SidAccount",
                new String[] {"AC123"}, "Digits", new String[] {"5678"}))).as("the first value alone")
                .isNotEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }
}
