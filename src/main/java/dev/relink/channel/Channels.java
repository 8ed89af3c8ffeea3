package dev.relink.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import dev.relink.contact.Contact;

/** Every {@link Channel} bean, by name. */
@Component
public class Channels {

    private final Map<String, Channel> byName = new LinkedHashMap<>();

    Channels(List<Channel> channels) {
        channels.forEach(channel -> byName.put(channel.name(), channel));
    }

    /**
     * The channels of this build without the app (the classes of this package that implement
     * {@link Channel}, as there is one bean of each): {@code relink validate} checks each channel's parts
     * of every template set.
     */
    public static Channels shipped() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(Channel.class));
        List<Channel> found = new ArrayList<>();
        scan.findCandidateComponents(Channel.class.getPackageName()).forEach(definition -> found.add((Channel) BeanUtils
                .instantiateClass(ClassUtils.resolveClassName(definition.getBeanClassName(), Channel.class.getClassLoader()))));
        return new Channels(found);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public List<Channel> all() {
        return List.copyOf(byName.values());
    }

    public Channel named(String name) {
        Channel channel = byName.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("no channel named '" + name + "' (there are " + names() + ")");
        }
        return channel;
    }

    /**
     * {@code wanted} when it reaches the contact, else the first other channel that does; null when none
     * does. A channel reaches a contact who has an address there that takes messages and has not opted out of it; the
     * {@code excluded} ones (they failed this step already) are passed over.
     */
    public Channel reaching(Contact contact, String wanted, Set<String> excluded) {
        Channel first = byName.get(wanted);
        if (first != null && !excluded.contains(wanted) && reaches(first, contact)) {
            return first;
        }
        return byName.values().stream().filter(channel -> !excluded.contains(channel.name()) && reaches(channel, contact))
                .findFirst().orElse(null);
    }

    private static boolean reaches(Channel channel, Contact contact) {
        return channel.address(contact) != null && !contact.optedOut(channel.name())
                && !contact.undeliverable(channel.name());
    }
}
