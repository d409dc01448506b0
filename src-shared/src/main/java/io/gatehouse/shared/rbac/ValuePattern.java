package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.ValueSyntax;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One value of a role condition once its template is expanded: its text (what goes into a
 * certificate principal or an Impersonate header) and how it matches a resource's value.
 *
 * <p>What an admin wrote keeps its pattern meaning: "*" is anything, "^...$" a regex, text with
 * "*" a glob, anything else exact. What a trait spliced in is always literal — an SSO claim of
 * "*" or "^.*$" matches only that very text — because traits come from users and identity
 * providers, not from the admin who wrote the role. Regexes run on a bounded budget
 * ({@link BoundedInput}); when a match cannot be decided the caller picks the safe answer:
 * {@link #matches} (grants) says no, {@link #mayMatch} (denies) says yes.
 */
public final class ValuePattern {
    private enum Kind { ANY, EXACT, REGEX, INVALID }

    private static final int CACHE_LIMIT = 4096;
    // Compiled admin patterns are immutable; the cache only saves recompiling them per decision
    // and is bounded by clearing it when full. Patterns with a spliced trait are never cached.
    private static final Map<String, ValuePattern> WRITTEN = new ConcurrentHashMap<>();

    private final String text;
    private final Kind kind;
    private final Pattern regex;

    private ValuePattern(String text, Kind kind, Pattern regex) {
        this.text = text;
        this.kind = kind;
        this.regex = regex;
    }

    /** A value exactly as an admin wrote it (no template): "*", "^regex$", a glob or plain text. */
    public static ValuePattern of(String written) {
        ValuePattern cached = WRITTEN.get(written);
        if (cached != null) {
            return cached;
        }
        ValuePattern compiled;
        if (written.equals("*")) {
            compiled = new ValuePattern(written, Kind.ANY, null);
        } else if (ValueSyntax.isRegex(written)) {
            compiled = regex(written, written);
        } else if (written.contains("*")) {
            compiled = new ValuePattern(written, Kind.REGEX, Pattern.compile(glob(written), Pattern.DOTALL));
        } else {
            compiled = new ValuePattern(written, Kind.EXACT, null);
        }
        if (WRITTEN.size() >= CACHE_LIMIT) {
            WRITTEN.clear();
        }
        WRITTEN.put(written, compiled);
        return compiled;
    }

    /**
     * The admin's text around a template ({@code prefix}, {@code suffix}) with one trait value
     * spliced in as a literal: inside a regex it is quoted, inside a glob its "*" is no wildcard,
     * and on its own it never becomes the "*" that matches everything.
     */
    static ValuePattern spliced(String prefix, String literal, String suffix) {
        String text = prefix + literal + suffix;
        if (prefix.startsWith("^") && suffix.endsWith("$")) {
            return regex(text, prefix + Pattern.quote(literal) + suffix);
        }
        if (prefix.contains("*") || suffix.contains("*")) {
            String re = glob(prefix) + Pattern.quote(literal) + glob(suffix);
            return new ValuePattern(text, Kind.REGEX, Pattern.compile(re, Pattern.DOTALL));
        }
        return new ValuePattern(text, Kind.EXACT, null);
    }

    /** The value with traits spliced in, e.g. a login for a certificate principal. */
    public String text() {
        return text;
    }

    /** Whether this is the admin's "*", which alone makes a {"*": "*"} selector match everything. */
    public boolean isWildcard() {
        return kind == Kind.ANY;
    }

    /** For grants: true only when {@code value} certainly matches. */
    public boolean matches(String value) {
        return decide(value, false);
    }

    /** For denies: true unless {@code value} certainly does not match (an undecidable regex denies). */
    public boolean mayMatch(String value) {
        return decide(value, true);
    }

    private boolean decide(String value, boolean whenUndecided) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> text.equals(value);
            case INVALID -> whenUndecided;
            case REGEX -> BoundedInput.matches(regex, value).orElse(whenUndecided);
        };
    }

    private static ValuePattern regex(String text, String source) {
        try {
            return new ValuePattern(text, Kind.REGEX, Pattern.compile(source));
        } catch (PatternSyntaxException e) {
            // Validation refuses such roles; one stored before it grants nothing and denies everything.
            return new ValuePattern(text, Kind.INVALID, null);
        }
    }

    /** A glob as a regex: each "*" any run of characters, everything else quoted. */
    private static String glob(String pattern) {
        StringBuilder re = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
