package dev.relink.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.web.bind.annotation.RestController;

/** A controller of the emulated Belvo API: its errors are answered by {@link SandboxApiErrors}, Belvo-shaped. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RestController
@SandboxEnabled
@interface SandboxApi {
}
