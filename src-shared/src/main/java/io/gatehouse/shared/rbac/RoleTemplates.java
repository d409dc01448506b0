package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.ValueSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Role templates: "{{internal.logins}}", "{{external.groups}}", with text around them
 * ("{{internal.logins}}-admin") and the function email.local(...). A template whose trait is
 * missing expands to nothing — never to its literal text, which could match a real login.
 * A trait's value is spliced in literally: a claim "*" or "^.*$" is no wildcard or regex
 * ({@link ValuePattern#spliced}); the admin's own text around the template keeps its meaning.
 */
public final class RoleTemplates {
    private RoleTemplates() {
    }

    /** The values' texts after expansion (logins for principals, Kubernetes groups...). */
    public static List<String> expand(List<String> values, Traits traits) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (ValuePattern p : patterns(values, traits)) {
            out.add(p.text());
        }
        return new ArrayList<>(out);
    }

    /** The values after expansion, each matching as the admin wrote it with the traits literal. */
    public static List<ValuePattern> patterns(List<String> values, Traits traits) {
        List<ValuePattern> out = new ArrayList<>();
        for (String value : values) {
            out.addAll(expand(value, traits));
        }
        return out;
    }

    public static Map<String, List<ValuePattern>> expandLabels(Map<String, List<String>> selector, Traits traits) {
        Map<String, List<ValuePattern>> out = new LinkedHashMap<>();
        selector.forEach((k, v) -> out.put(k, patterns(v, traits)));
        return out;
    }

    static List<ValuePattern> expand(String value, Traits traits) {
        if (!ValueSyntax.hasTemplate(value)) {
            return List.of(ValuePattern.of(value));
        }
        Optional<ValueSyntax.Template> template = ValueSyntax.template(value);
        if (template.isEmpty()) {
            return List.of();
        }
        ValueSyntax.Template t = template.get();
        Map<String, List<String>> source = t.external() ? traits.external() : traits.internal();
        List<ValuePattern> out = new ArrayList<>();
        for (String v : source.getOrDefault(t.trait(), List.of())) {
            String item = t.emailLocal() ? (v.contains("@") ? v.substring(0, v.indexOf('@')) : v) : v;
            if (!item.isEmpty()) {
                // The trait is the user's or the identity provider's data: it matches literally.
                out.add(ValuePattern.spliced(t.prefix(), item, t.suffix()));
            }
        }
        return out;
    }
}
