package io.gatehouse.shared.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Role templates: "{{internal.logins}}", "{{external.groups}}", with text around them
 * ("{{internal.logins}}-admin") and the function email.local(...). A template whose trait is
 * missing expands to nothing — never to its literal text, which could match a real login.
 * A trait's value is spliced in literally: a claim "*" or "^.*$" is no wildcard or regex
 * ({@link ValuePattern#spliced}); the admin's own text around the template keeps its meaning.
 */
public final class RoleTemplates {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern VARIABLE = Pattern.compile("(internal|external)\\.([A-Za-z0-9_.:/-]+)");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("email\\.local\\(\\s*(.*?)\\s*\\)");

    private RoleTemplates() {
    }

    public static void validateTemplate(String value) {
        Matcher m = TEMPLATE.matcher(value);
        int count = 0;
        while (m.find()) {
            count++;
            String expr = m.group(1);
            Matcher fn = EMAIL_LOCAL.matcher(expr);
            String variable = fn.matches() ? fn.group(1) : expr;
            if (!VARIABLE.matcher(variable).matches()) {
                throw new IllegalArgumentException("invalid template '{{" + expr + "}}': use {{internal.NAME}}, "
                        + "{{external.NAME}} or {{email.local(external.NAME)}}");
            }
        }
        if (count > 1) {
            throw new IllegalArgumentException("only one {{...}} template per value is supported: '" + value + "'");
        }
        if (count == 0 && (value.contains("{{") || value.contains("}}"))) {
            throw new IllegalArgumentException("unbalanced template braces in '" + value + "'");
        }
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
        Matcher m = TEMPLATE.matcher(value);
        if (!m.find()) {
            return List.of(ValuePattern.of(value));
        }
        try {
            validateTemplate(value);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        String prefix = value.substring(0, m.start());
        String suffix = value.substring(m.end());
        String expr = m.group(1);
        Matcher fn = EMAIL_LOCAL.matcher(expr);
        boolean emailLocal = fn.matches();
        Matcher var = VARIABLE.matcher(emailLocal ? fn.group(1) : expr);
        if (!var.matches()) {
            return List.of();
        }
        Map<String, List<String>> source = var.group(1).equals("internal") ? traits.internal() : traits.external();
        List<ValuePattern> out = new ArrayList<>();
        for (String v : source.getOrDefault(var.group(2), List.of())) {
            String item = emailLocal ? (v.contains("@") ? v.substring(0, v.indexOf('@')) : v) : v;
            if (!item.isEmpty()) {
                // The trait is the user's or the identity provider's data: it matches literally.
                out.add(ValuePattern.spliced(prefix, item, suffix));
            }
        }
        return out;
    }
}
