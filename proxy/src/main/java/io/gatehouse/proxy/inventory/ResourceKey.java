package io.gatehouse.proxy.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a page of the listing starts: a resource's kind and name, written {@code kind/name} (a
 * resource name never holds a '/'), which is what {@code next_key} hands back and
 * {@code start_key} takes.
 */
public record ResourceKey(String kind, String name) {
    private static final Pattern FORM = Pattern.compile("([a-z_]{1,64})/([a-zA-Z0-9][a-zA-Z0-9._@-]{0,252})");

    static Optional<ResourceKey> parse(String text) {
        var m = FORM.matcher(text);
        return m.matches() ? Optional.of(new ResourceKey(m.group(1), m.group(2))) : Optional.empty();
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
