package dev.relink.sandbox;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Basic auth in front of the emulated API, checked before the body is read (as Belvo: 401 first). */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
class SandboxWebConfig implements WebMvcConfigurer {

    private final SandboxKeys keys;

    SandboxWebConfig(SandboxKeys keys) {
        this.keys = keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(keys).addPathPatterns("/sandbox/api/**").excludePathPatterns("/sandbox/api/token/");
    }
}
