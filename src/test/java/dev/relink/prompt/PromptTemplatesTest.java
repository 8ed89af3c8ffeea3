package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.relink.brand.Brand;
import dev.relink.brand.InstitutionNames;
import dev.relink.channel.SmsText;
import dev.relink.contact.Contact;
import dev.relink.repair.RepairLinks;
import dev.relink.repair.RepairTokens;

/** The shipped templates in ./templates, rendered the way prompts render them. */
@ExtendWith(OutputCaptureExtension.class)
class PromptTemplatesTest {

    /** Every reason with a folder in ./templates, and the ones that borrow another reason's templates. */
    private static final List<String> REASONS = reasons();
    private static final List<String> LOCALES = List.of("es", "es-MX", "pt", "pt-BR", "en");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private static final Brand BRAND = new Brand("Finanzas Ya Servicios Financieros",
            "https://cdn.finanzasya.example/logo.png", "#d6336c", "mailto:ayuda@finanzasya.example",
            "https://finanzasya.example/privacidad");

    private final PromptTemplates templates = new PromptTemplates(Path.of("templates"));

    @Test
    void everySmsFitsInTwoSegmentsEvenWithLongValues() {
        // A long public URL, app name and institution name, the worst a deployment is likely to configure.
        Prompts prompts = prompts(templates, "https://relink.operations.example-fintech.com.mx", BRAND);
        for (String reason : REASONS) {
            for (String locale : LOCALES) {
                Outgoing sms = prompts.compose(plan(reason, locale, "sms",
                        "Maria Guadalupe Fernandez de la Torre y Hernandez Villaseñor", "heimdall_mx_retail"));
                assertThat(SmsText.segments(sms.text()))
                        .as("%s/%s: %s (%d chars)", reason, locale, sms.text(), sms.text().length())
                        .isLessThanOrEqualTo(2);
                assertThat(sms.text()).contains("https://relink.operations.example-fintech.com.mx/repair/")
                        .startsWith("Finanzas Ya Servicios Financieros: ");
            }
        }
    }

    @Test
    void everyEmailNamesTheAppAndTheBankAndCarriesTheLogoAndContactsOfTheBrand() {
        Prompts prompts = prompts(templates, "https://hub.example.com", BRAND);
        for (String reason : REASONS) {
            for (String locale : LOCALES) {
                Outgoing email = prompts.compose(plan(reason, locale, "email", "Ana", "heimdall_mx_retail"));
                String headline = email.subject();
                String what = reason + "/" + locale;
                assertThat(headline).as(what).contains("Finanzas Ya Servicios Financieros").contains("Heimdall Bank");
                assertThat(email.html()).as(what).contains(">" + headline + "</h1>")
                        .contains("<img src=\"https://cdn.finanzasya.example/logo.png\"")
                        .contains("background: #d6336c;")
                        .contains("href=\"mailto:ayuda@finanzasya.example\"").contains(">ayuda@finanzasya.example</a>")
                        .contains("href=\"https://finanzasya.example/privacidad\"");
                assertThat(email.text()).as(what).startsWith(headline).contains("ayuda@finanzasya.example")
                        .contains("https://finanzasya.example/privacidad");
            }
        }
    }

    @Test
    void eachReasonHasItsOwnHeadlineInTheContactsLanguage() {
        Prompts prompts = prompts(templates, "https://hub.example.com", BRAND);
        assertThat(prompts.compose(plan("token_required", "pt-BR", "email", "Ana", "heimdall_mx_retail")).subject())
                .isEqualTo("Finanzas Ya Servicios Financieros precisa que você reconecte Heimdall Bank");
        assertThat(prompts.compose(plan("consent_expiring", "pt-BR", "email", "Ana", "heimdall_mx_retail")).subject())
                .isEqualTo("Finanzas Ya Servicios Financieros: renove seu consentimento com Heimdall Bank");
        assertThat(prompts.compose(plan("consent_expired", "es", "email", "Ana", "heimdall_mx_retail")).subject())
                .isEqualTo("Finanzas Ya Servicios Financieros: tu consentimiento con Heimdall Bank venció");
    }

    @Test
    void withoutSupportOrPrivacyLinksTheFooterLeavesThemOut() {
        Outgoing email = prompts(templates, "https://hub.example.com").compose(
                plan("token_required", "en", "email", null, "erebor_mx_retail"));
        assertThat(email.subject()).isEqualTo("Relink needs you to reconnect Erebor Bank");
        assertThat(email.html()).doesNotContain("<img").doesNotContain("Need help?").doesNotContain("Privacy notice")
                .contains("background: #0b5fff;");
        assertThat(email.text()).doesNotContain("Need help?").doesNotContain("Privacy notice");
    }

    @Test
    void segmentsAreCountedAsTheNetworkDoes() {
        assertThat(SmsText.segments("a".repeat(160))).isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(161))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(306))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(307))).isEqualTo(3);
        assertThat(SmsText.segments("€".repeat(80))).as("extension characters take two septets").isEqualTo(1);
        assertThat(SmsText.segments("€".repeat(81))).isEqualTo(2);
        assertThat(SmsText.segments("ü".repeat(70) + "✓")).as("one non-GSM character makes it UCS-2").isEqualTo(2);
        assertThat(SmsText.toGsm("Atualização rápida: ‘código’ — já!")).isEqualTo("Atualizacao rapida: 'codigo' - ja!");
        assertThat(SmsText.toGsm("Tu contraseña, José")).isEqualTo("Tu contraseña, José");
    }

    @Test
    void emailIsInTheContactsLanguageWithHtmlEscaped() {
        Outgoing email = prompts(templates, "https://hub.example.com").compose(
                plan("invalid_credentials", "es-MX", "email", "Ana <b>&</b> Co", "heimdall_mx_retail"));

        assertThat(email.subject()).isEqualTo("Relink necesita que vuelvas a conectar Heimdall Bank");
        assertThat(email.html()).contains("Hola, Ana &lt;b&gt;&amp;&lt;/b&gt; Co:").doesNotContain("<b>&</b>")
                .contains("href=\"https://hub.example.com/repair/").contains("2 de diciembre de 2026");
        assertThat(email.text()).contains("Hola, Ana <b>&</b> Co:").contains("https://hub.example.com/repair/");
        assertThat(email.template()).isEqualTo("invalid_credentials/es/email-html");
        assertThat(email.recipientMasked()).isEqualTo("m***@example.com");
    }

    @Test
    void unknownInstitutionsShowTheirFirstWord() {
        InstitutionNames names = new InstitutionNames(Path.of("templates"));
        assertThat(names.name("gotham_mx_business")).isEqualTo("Gotham");
        assertThat(names.name("erebor_mx_retail")).isEqualTo("Erebor Bank");
    }

    @Test
    void missingLocaleFallsBackToEnglishAndSaysSoOnce(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path en = Files.createDirectories(dir.resolve("token_required/en"));
        Files.writeString(en.resolve("sms.mustache"), "{{institution}}: {{repairUrl}}");
        PromptTemplates onlyEnglish = new PromptTemplates(dir);

        PromptTemplates.Found first = onlyEnglish.find("token_required", "pt-BR", "sms");
        PromptTemplates.Found second = onlyEnglish.find("token_required", "pt-BR", "sms");
        onlyEnglish.find("token_required", "en", "sms");

        assertThat(first.name()).isEqualTo("token_required/en/sms");
        assertThat(second).isEqualTo(first);
        assertThat(output.getAll().split("No prompt template token_required/pt-BR/sms", -1)).hasSize(2);
    }

    @Test
    void editedTemplateIsUsedWithoutRestart(@TempDir Path dir) throws Exception {
        Path file = Files.createDirectories(dir.resolve("token_required/en")).resolve("sms.mustache");
        PromptTemplates live = new PromptTemplates(dir);
        Files.writeString(file, "one {{institution}}");
        PromptTemplates.Found found = live.find("token_required", "en", "sms");
        Map<String, Object> model = Map.of("institution", "A&B");
        assertThat(live.renderText(found, model)).isEqualTo("one A&B");
        Files.writeString(file, "two {{institution}}");
        assertThat(live.renderText(found, model)).isEqualTo("two A&B");
    }

    private static List<String> reasons() {
        try (Stream<Path> folders = Files.list(Path.of("templates"))) {
            return Stream.concat(folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()),
                    PromptTemplates.SAME_FIX.keySet().stream()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Prompts prompts(PromptTemplates templates, String baseUrl) {
        return prompts(templates, baseUrl, new Brand("Relink", null, "#0b5fff", null, null));
    }

    static Prompts prompts(PromptTemplates templates, String baseUrl, Brand brand) {
        RepairTokens tokens = new RepairTokens("k", CLOCK);
        PromptSettings settings = new PromptSettings(List.of(Duration.ZERO), List.of("email"), Duration.ofDays(7), 1, 3,
                (LocalTime) null, null, "UTC", "en", Duration.ofMinutes(5), 50);
        return new Prompts(templates, new RepairLinks(tokens, CLOCK, baseUrl, Duration.ofDays(7), Duration.ofDays(2)),
                settings, new InstitutionNames(Path.of("templates")), brand);
    }

    static Ladder.Plan plan(String reason, String locale, String channel, String name, String institution) {
        Contact contact = new Contact("user-1", name, "maria@example.com", "+5215512345678", locale, null,
                "America/Mexico_City", null, null, null, null);
        Ladder.Due due = new Ladder.Due("8a0e8a5e-2f7c-4a8e-9a47-3b1f0f3c2d11", "link-1", "user-1", institution, reason, 0,
                false);
        return new Ladder.Plan("send", due, contact, channel);
    }
}
