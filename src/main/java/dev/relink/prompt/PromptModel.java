package dev.relink.prompt;

import dev.relink.brand.Brand;

/**
 * Everything a prompt template can use, and nothing else: this record is the model every part
 * ({@code email-subject}, {@code email-html}, {@code email-text}, {@code sms}) is rendered with, so its
 * components are the complete list of placeholders. Null values render as nothing; wrap optional
 * ones in a section ({@code {{#name}}…{{/name}}}).
 *
 * @param name the person's name, when the app gave one
 * @param institution the bank's display name ({@code templates/institutions.properties})
 * @param repairUrl the signed repair link
 * @param expires the day the link stops working, localized, in the person's time zone
 * @param appName {@code relink.brand.app-name}
 * @param logoUrl {@code relink.brand.logo-url}, or null
 * @param primaryColor {@code relink.brand.primary-color}
 * @param supportUrl {@code relink.brand.support-url} ({@code mailto:} or https), or null
 * @param supportContact what the support link says: the address of a {@code mailto:}, else the URL
 * @param privacyUrl {@code relink.brand.privacy-url}, or null
 */
public record PromptModel(String name, String institution, String repairUrl, String expires, String appName,
        String logoUrl, String primaryColor, String supportUrl, String supportContact, String privacyUrl) {

    static PromptModel of(String name, String institution, String repairUrl, String expires, Brand brand) {
        return new PromptModel(name, institution, repairUrl, expires, brand.appName(), brand.logoUrl(),
                brand.primaryColor(), brand.supportUrl(), brand.supportContact(), brand.privacyUrl());
    }
}
