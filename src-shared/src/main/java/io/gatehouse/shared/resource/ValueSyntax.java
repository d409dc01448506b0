package io.gatehouse.shared.resource;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The grammar of the values roles and connectors hold: label patterns ("*", a glob, "^regex$")
 * and role templates ("{{internal.logins}}", "{{external.groups}}", "{{email.local(external.email)}}",
 * one per value, with the admin's text around it). Reading a resource checks this grammar here;
 * the rbac package gives the values their meaning (matching, expanding traits) and parses them
 * through this class, so the resource model never depends on the roles engine.
 */
public final class ValueSyntax {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern VARIABLE = Pattern.compile("(internal|external)\\.([A-Za-z0-9_.:/-]+)");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("email\\.local\\(\\s*(.*?)\\s*\\)");

    /**
     * A value's one template: the admin's text before and after it, the trait it names
     * ({@code external} = an identity provider's claim, else an internal trait), and whether only
     * the part of each value before its "@" is used ({@code email.local}).
     */
    public record Template(String prefix, String suffix, boolean external, String trait, boolean emailLocal) {
    }

    private ValueSyntax() {
    }

    /** "^...$": a Java regex matching the whole value; anything else is "*", a glob or plain text. */
    public static boolean isRegex(String pattern) {
        return pattern.length() >= 2 && pattern.startsWith("^") && pattern.endsWith("$");
    }

    /** A label or claim pattern as an admin wrote it: a regex must compile. */
    public static void validatePattern(String pattern) {
        if (isRegex(pattern)) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex '" + pattern + "': " + e.getDescription());
            }
        }
    }

    /** Whether the value holds a template at all ("{{...}}"). */
    public static boolean hasTemplate(String value) {
        return TEMPLATE.matcher(value).find();
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

    /**
     * The value's template, parsed; empty when the value has none ({@link #hasTemplate}) or when it
     * is malformed (a stored role from before validation: such a value must expand to nothing).
     */
    public static Optional<Template> template(String value) {
        Matcher m = TEMPLATE.matcher(value);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            validateTemplate(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String expr = m.group(1);
        Matcher fn = EMAIL_LOCAL.matcher(expr);
        boolean emailLocal = fn.matches();
        Matcher var = VARIABLE.matcher(emailLocal ? fn.group(1) : expr);
        if (!var.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Template(value.substring(0, m.start()), value.substring(m.end()),
                var.group(1).equals("external"), var.group(2), emailLocal));
    }
}
