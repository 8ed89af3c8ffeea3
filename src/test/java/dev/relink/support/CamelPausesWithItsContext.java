package dev.relink.support;

import java.util.List;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Spring Framework 7 pauses a cached context while the tests use another one, but it stops only the
 * {@link SmartLifecycle} beans, and Camel's context is a plain {@code Lifecycle}: its timers (the inbox poll
 * every 250 ms, the ladder's tick, the app events, the consent reads) went on in every idle context. This
 * suspends Camel with the pause and resumes it when a test takes the context up again. Every test context
 * gets it (src/test/resources/META-INF/spring.factories), the same for all, so it makes no context of its own.
 */
public final class CamelPausesWithItsContext implements SmartLifecycle {

    private final ObjectProvider<CamelContext> camel;
    private volatile boolean running;

    CamelPausesWithItsContext(ObjectProvider<CamelContext> camel) {
        this.camel = camel;
    }

    @Override
    public void start() {
        camel.ifAvailable(context -> {
            if (context.isSuspended()) {
                context.resume();
            }
        });
        running = true;
    }

    @Override
    public void stop() {
        camel.ifAvailable(context -> {
            if (context.isStarted()) {
                context.suspend();
            }
        });
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Adds the bean to every context the TestContext framework loads. */
    public static final class Registration implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
            return new Customizer();
        }
    }

    /** Equal to every other, so that the context cache sees one configuration where it saw one before. */
    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            ((BeanDefinitionRegistry) context.getBeanFactory()).registerBeanDefinition("camelPausesWithItsContext",
                    new RootBeanDefinition(CamelPausesWithItsContext.class));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
