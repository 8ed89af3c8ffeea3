package dev.relink.brand;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whose app is asking ({@code relink.brand.*}): the name, logo, colour and contacts an end user
 * knows, shown on the repair page and in every prompt. The defaults are neutral: Relink's name, no
 * logo, a plain blue, no support or privacy link. A value that could not work (a colour that is not
 * {@code #rrggbb}, a support URL that is neither {@code mailto:} nor {@code https:}) stops startup
 * with a message naming the key.
 *
 * @param appName the app's name as its users know it ("Finanzas Ya")
 * @param logoUrl an absolute http(s) URL of the logo (emails need an absolute URL; the repair page's
 *        Content-Security-Policy allows its origin for images)
 * @param primaryColor the colour of buttons and headings, {@code #rrggbb}
 * @param supportUrl where a user asks for help: {@code mailto:help@example.com} or an https page
 * @param privacyUrl the app's privacy notice, an https page
 */
@Validated
@ConfigurationProperties("relink.brand")
public record Brand(
        @DefaultValue("Relink") @NotBlank String appName,
        @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL of an image") String logoUrl,
        @DefaultValue("#0b5fff") @Pattern(regexp = "#[0-9a-fA-F]{6}", message = "must be a colour as #rrggbb")
        String primaryColor,
        @Pattern(regexp = "mailto:[^\\s@]+@[^\\s@]+|https://\\S+", message = "must be a mailto: address or an https:// URL")
        String supportUrl,
        @Pattern(regexp = "https://\\S+", message = "must be an https:// URL") String privacyUrl) {

    /** What the support link says: the address of a {@code mailto:}, else the URL itself. */
    public String supportContact() {
        if (supportUrl == null) {
            return null;
        }
        return supportUrl.startsWith("mailto:") ? supportUrl.substring("mailto:".length()) : supportUrl;
    }

    /** {@code scheme://host[:port]} of the logo, as a Content-Security-Policy names an origin; null without a logo. */
    public String logoOrigin() {
        if (logoUrl == null) {
            return null;
        }
        URI uri = URI.create(logoUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
