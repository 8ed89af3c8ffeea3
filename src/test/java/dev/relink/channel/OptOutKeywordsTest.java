package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an incoming message asks for: Twilio's OptOutType first, else the whole text as a keyword. */
class OptOutKeywordsTest {

    @ParameterizedTest(name = "OptOutType={0}, Body={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "null, STOP, STOP", "null, stopall, STOP", "null, ' Unsubscribe ', STOP", "null, cancel, STOP",
            "null, END, STOP", "null, quit, STOP", "null, REVOKE, STOP", "null, optout, STOP",
            "null, START, START", "null, unstop, START", "null, yes, START",
            "null, Stop please, NONE", "null, HELP, NONE", "null, null, NONE",
            "STOP, Parar, STOP", "START, Voltar, START", "HELP, STOP, NONE", "stop, hello, STOP"})
    void readsOptOutTypeWhenTwilioSendsItElseTheWholeBody(String optOutType, String body, OptOutKeywords expected) {
        assertThat(OptOutKeywords.of(optOutType, body)).isEqualTo(expected);
    }
}
