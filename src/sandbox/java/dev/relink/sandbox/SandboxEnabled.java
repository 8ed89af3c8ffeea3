package dev.relink.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The emulator, its admin surface and the outbox exist only where {@code relink.sandbox.enabled=true} (local). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ConditionalOnProperty(prefix = "relink.sandbox", name = "enabled", havingValue = "true")
@interface SandboxEnabled {
}
