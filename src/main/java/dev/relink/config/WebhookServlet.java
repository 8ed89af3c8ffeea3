package dev.relink.config;

import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's servlet, which serves the {@code servlet:} endpoints (Belvo's webhooks, route
 * detect.webhook-intake), at {@code camel.servlet.mapping.context-path} under the name
 * {@code camel.servlet.mapping.servlet-name}: what camel-servlet's Spring Boot starter registered, whose
 * 4.22 release is not on the Maven Central this project builds from. The keys are the starter's.
 */
@Configuration(proxyBeanMethods = false)
class WebhookServlet {

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> camelWebhookServlet(
            @Value("${camel.servlet.mapping.context-path}") String contextPath,
            @Value("${camel.servlet.mapping.servlet-name}") String name) {
        ServletRegistrationBean<CamelHttpTransportServlet> servlet =
                new ServletRegistrationBean<>(new CamelHttpTransportServlet(), contextPath);
        servlet.setName(name);
        servlet.setLoadOnStartup(1); // Camel finds the servlet by name when the webhook route starts
        return servlet;
    }
}
