package dev.relink.brand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code relink.brand.*} as Spring Boot binds it at startup: neutral defaults, and a value that cannot work refused by name. */
class BrandSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Brand.class)
    static class BrandOnly {
    }

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(BrandOnly.class);

    @Test
    void withNothingSetTheBrandIsNeutral() {
        app.run(context -> {
            Brand brand = context.getBean(Brand.class);
            assertThat(brand.appName()).isEqualTo("Relink");
            assertThat(brand.primaryColor()).isEqualTo("#0b5fff");
            assertThat(brand.logoUrl()).isNull();
            assertThat(brand.supportUrl()).isNull();
            assertThat(brand.logoOrigin()).isNull();
        });
    }

    @Test
    void supportIsAMailtoAddressOrAnHttpsPage() {
        app.withPropertyValues("relink.brand.support-url=mailto:help@finanzasya.example",
                "relink.brand.logo-url=https://cdn.finanzasya.example:8443/img/logo.png").run(context -> {
                    Brand brand = context.getBean(Brand.class);
                    assertThat(brand.supportContact()).isEqualTo("help@finanzasya.example");
                    assertThat(brand.logoOrigin()).isEqualTo("https://cdn.finanzasya.example:8443");
                });
        app.withPropertyValues("relink.brand.support-url=https://finanzasya.example/help").run(context ->
                assertThat(context.getBean(Brand.class).supportContact()).isEqualTo("https://finanzasya.example/help"));
    }

    @Test
    void aValueThatCannotWorkStopsStartupNamingTheKey() {
        for (String bad : new String[] {"relink.brand.support-url=http://finanzasya.example/help",
                "relink.brand.support-url=help@finanzasya.example", "relink.brand.privacy-url=javascript:alert(1)",
                "relink.brand.primary-color=red; background: url(x)", "relink.brand.logo-url=/logo.png",
                "relink.brand.app-name= "}) {
            app.withPropertyValues(bad).run(context -> {
                assertThat(context).as(bad).hasFailed();
                assertThat(context.getStartupFailure()).as(bad).rootCause().hasMessageContaining(bad.split("=")[0]);
            });
        }
    }
}
