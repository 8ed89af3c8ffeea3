package dev.relink.support;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ShutdownStrategy;
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
 * suspends Camel with the pause and resumes it when a test takes the context up again. Every context of
 * {@link RelinkIntegrationTest} gets it ({@code @ContextCustomizerFactories}), the same for all, so it makes
 * no context of its own.
 */
final class CamelPausesWithItsContext implements SmartLifecycle {

    private static final long PAUSE_WAIT_SECONDS = 1;

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
                suspendWithoutWaiting(context);
            }
        });
        running = false;
    }

    /**
     * No test uses a paused context, so its suspension need not wait production's 20 s for an exchange
     * in flight (a redelivery due in ten minutes, say); route edits keep the 20 s.
     */
    private static void suspendWithoutWaiting(CamelContext context) {
        ShutdownStrategy strategy = context.getShutdownStrategy();
        long timeout = strategy.getTimeout();
        TimeUnit unit = strategy.getTimeUnit();
        strategy.setTimeout(PAUSE_WAIT_SECONDS);
        strategy.setTimeUnit(TimeUnit.SECONDS);
        try {
            context.suspend();
        } finally {
            strategy.setTimeout(timeout);
            strategy.setTimeUnit(unit);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Adds the bean to every context the TestContext framework loads. */
    static final class Registration implements ContextCustomizerFactory {

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
