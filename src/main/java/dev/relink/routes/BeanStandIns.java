package dev.relink.routes;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.BeanRepository;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.ConfigurationClassPostProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.objenesis.ObjenesisStd;

/**
 * Relink's beans as the routes see them, without creating them: Spring reads the bean definitions of
 * {@code dev.relink} (components and {@code @Bean} methods, with the profile's conditions) and tells
 * each bean's type; Camel gets an inert object of that type per name, so it can check a {@code ref}
 * and a {@code method} exactly as it does at start-up, while nothing connects anywhere. Only lookups
 * by name answer: Camel's own searches by type find nothing here.
 */
final class BeanStandIns implements BeanRepository {

    private static final ObjenesisStd OBJENESIS = new ObjenesisStd(true);
    /** RelinkApplication's package, named, not imported: RelinkApplication starts {@code validate}, an import back would be a cycle. */
    private static final String APPLICATION_PACKAGE = "dev.relink";

    private final Map<String, Class<?>> types;
    private final Map<String, Object> standIns = new ConcurrentHashMap<>();

    private BeanStandIns(Map<String, Class<?>> types) {
        this.types = types;
    }

    static BeanStandIns of(ConfigurableEnvironment environment) {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        try (GenericApplicationContext definitions = new GenericApplicationContext(factory)) {
            definitions.setEnvironment(environment);
            ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(definitions, true, environment);
            scanner.addExcludeFilter(new AnnotationTypeFilter(SpringBootApplication.class));
            scanner.scan(APPLICATION_PACKAGE);
            ConfigurationClassPostProcessor configurations = new ConfigurationClassPostProcessor();
            configurations.setEnvironment(environment);
            configurations.setResourceLoader(definitions);
            configurations.setBeanClassLoader(BeanStandIns.class.getClassLoader());
            configurations.postProcessBeanDefinitionRegistry(definitions);
            Map<String, Class<?>> types = new TreeMap<>();
            for (String name : factory.getBeanDefinitionNames()) {
                Class<?> type = factory.getType(name, false);
                if (type != null && !name.contains(".")) {
                    types.put(name, type);
                }
            }
            return new BeanStandIns(types);
        }
    }

    boolean has(String name) {
        return types.containsKey(name);
    }

    @Override
    public Object lookupByName(String name) {
        Class<?> type = types.get(name);
        return type == null ? null : standIns.computeIfAbsent(name, key -> standIn(type));
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }

    /** An interface gets a proxy answering defaults; a class its no-argument constructor, or an uninitialised instance. */
    private static Object standIn(Class<?> type) {
        if (type.isInterface()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return "toString".equals(method.getName()) ? "stand-in " + type.getName()
                            : "hashCode".equals(method.getName()) ? System.identityHashCode(proxy) : proxy == args[0];
                }
                return defaultValue(method.getReturnType());
            });
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OBJENESIS.newInstance(type);
        }
    }

    private static Object defaultValue(Class<?> type) {
        return type.isPrimitive() && type != void.class ? Array.get(Array.newInstance(type, 1), 0) : null;
    }
}
