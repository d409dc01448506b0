package io.gatehouse.shared.rbac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Teleport's label selector semantics: every selector key must be present on the resource with a
 * value matching one of its patterns; {"*": ["*"]} matches everything, an empty selector nothing.
 * Patterns: "*" (anything), "^...$" (Java regex, whole value), otherwise a glob where * is any run
 * (see {@link ValuePattern}, which also keeps trait values spliced in by templates literal).
 */
public final class LabelMatcher {
    private LabelMatcher() {
    }

    /** A selector as an admin wrote it, no templates: for grants. */
    public static boolean matches(Map<String, List<String>> selector, Map<String, String> labels) {
        Map<String, List<ValuePattern>> compiled = new LinkedHashMap<>();
        selector.forEach((key, patterns) -> compiled.put(key, patterns.stream().map(ValuePattern::of).toList()));
        return grants(compiled, labels);
    }

    /** Whether an allow selector certainly matches (a regex that cannot be decided does not). */
    static boolean grants(Map<String, List<ValuePattern>> selector, Map<String, String> labels) {
        return test(selector, labels, false);
    }

    /** Whether a deny selector may match (a regex that cannot be decided denies). */
    static boolean mayDeny(Map<String, List<ValuePattern>> selector, Map<String, String> labels) {
        return test(selector, labels, true);
    }

    private static boolean test(Map<String, List<ValuePattern>> selector, Map<String, String> labels,
            boolean whenUndecided) {
        if (selector.isEmpty()) {
            return false;
        }
        for (var entry : selector.entrySet()) {
            if (entry.getKey().equals("*")) {
                // Only the admin's own "*" is the wildcard: a trait that expanded to "*" is not.
                if (entry.getValue().stream().anyMatch(ValuePattern::isWildcard)) {
                    continue;
                }
                return false;
            }
            String value = labels.get(entry.getKey());
            if (value == null || entry.getValue().stream().noneMatch(p -> whenUndecided ? p.mayMatch(value)
                    : p.matches(value))) {
                return false;
            }
        }
        return true;
    }

    /** One admin-written pattern against a value, for grants (claims_to_roles, request roles). */
    public static boolean valueMatches(String pattern, String value) {
        return ValuePattern.of(pattern).matches(value);
    }
}
