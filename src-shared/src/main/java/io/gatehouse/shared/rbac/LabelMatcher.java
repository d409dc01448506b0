package io.gatehouse.shared.rbac;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Teleport's label selector semantics: every selector key must be present on the resource with a
 * value matching one of its patterns; {"*": ["*"]} matches everything, an empty selector nothing.
 * Patterns: "*" (anything), "^...$" (Java regex, whole value), otherwise a glob where * is any run.
 */
public final class LabelMatcher {
    private static final int CACHE_LIMIT = 4096;
    // Compiled patterns are immutable; the cache is bounded by clearing it when full.
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private LabelMatcher() {
    }

    public static boolean matches(Map<String, List<String>> selector, Map<String, String> labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (var entry : selector.entrySet()) {
            if (entry.getKey().equals("*")) {
                if (entry.getValue().contains("*")) {
                    continue;
                }
                return false;
            }
            String value = labels.get(entry.getKey());
            if (value == null || entry.getValue().stream().noneMatch(p -> valueMatches(p, value))) {
                return false;
            }
        }
        return true;
    }

    public static boolean valueMatches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        if (!pattern.contains("*") && !isRegex(pattern)) {
            return pattern.equals(value);
        }
        return compile(pattern).matcher(value).matches();
    }

    public static void validatePattern(String pattern) {
        if (isRegex(pattern)) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex '" + pattern + "': " + e.getDescription());
            }
        }
    }

    private static boolean isRegex(String p) {
        return p.length() >= 2 && p.startsWith("^") && p.endsWith("$");
    }

    private static Pattern compile(String pattern) {
        Pattern cached = CACHE.get(pattern);
        if (cached != null) {
            return cached;
        }
        Pattern compiled;
        if (isRegex(pattern)) {
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                compiled = Pattern.compile("(?!)"); // an invalid stored pattern matches nothing
            }
        } else {
            StringBuilder re = new StringBuilder();
            for (String part : pattern.split("\\*", -1)) {
                if (!re.isEmpty()) {
                    re.append(".*");
                }
                re.append(Pattern.quote(part));
            }
            compiled = Pattern.compile(re.toString(), Pattern.DOTALL);
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(pattern, compiled);
        return compiled;
    }
}
