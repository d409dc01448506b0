package io.gatehouse.agent.db.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A tiny lexer for the identity changes a session can make in plain SQL: {@code SET [SESSION|LOCAL]
 * ROLE x}, {@code SET role = x}, {@code SET [SESSION|LOCAL] SESSION AUTHORIZATION x}. Statements are
 * split at ';' outside quotes, comments and dollar quotes; each one's leading comments and
 * whitespace are skipped and its first words compared case-insensitively. What it cannot see
 * (set_config('role', ...) in an expression, SET inside a function body) the database's own
 * membership rules still limit: this is the Gatehouse roles' check on top, not instead.
 */
public final class StatementGuard {
    private StatementGuard() {
    }

    /** The statements of a simple Query, split at top-level semicolons (empty ones dropped). */
    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ';') {
                add(out, sql.substring(start, i));
                start = ++i;
            } else {
                i = skipQuotedOrComment(sql, i);
            }
        }
        add(out, sql.substring(start));
        return out;
    }

    private static void add(List<String> out, String statement) {
        if (!words(statement, 1).isEmpty()) {
            out.add(statement);
        }
    }

    /** The database user a statement switches to; empty when it switches to none (or back). */
    public static Optional<String> roleChange(String statement) {
        List<String> w = words(statement, 6);
        if (w.isEmpty() || !w.get(0).equals("set")) {
            return Optional.empty();
        }
        int i = 1;
        if (i + 1 < w.size() && w.get(i).equals("session") && w.get(i + 1).equals("authorization")) {
            return target(w, i + 2, "default");
        }
        if (i < w.size() && (w.get(i).equals("session") || w.get(i).equals("local"))) {
            i++;
        }
        if (i < w.size() && w.get(i).equals("role")) {
            i++;
            if (i < w.size() && (w.get(i).equals("to") || w.get(i).equals("="))) {
                i++;
            }
            return target(w, i, "none");
        }
        if (i + 1 < w.size() && w.get(i).equals("session") && w.get(i + 1).equals("authorization")) {
            return target(w, i + 2, "default");
        }
        return Optional.empty();
    }

    private static Optional<String> target(List<String> w, int i, String back) {
        if (i >= w.size()) {
            return Optional.empty();
        }
        String t = w.get(i);
        // Unquoted NONE / DEFAULT mean "back to the session user"; a quoted word is a name.
        return t.equals(back) ? Optional.empty() : Optional.of(t.startsWith("\u0000") ? t.substring(1) : t);
    }

    /**
     * The first {@code max} words: unquoted ones folded to lower case (as PostgreSQL folds
     * identifiers), quoted identifiers and string literals as written (marked with a leading NUL so
     * that 'none' is a name, not the keyword), '=' as a word.
     */
    static List<String> words(String s, int max) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n && out.size() < max) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-' || c == '/' && i + 1 < n
                    && s.charAt(i + 1) == '*') {
                i = skipQuotedOrComment(s, i);
            } else if (c == '"' || c == '\'') {
                int end = skipQuotedOrComment(s, i);
                String body = s.substring(i + 1, Math.max(i + 1, end - 1));
                out.add("\u0000" + body.replace(String.valueOf(c) + c, String.valueOf(c)));
                i = end;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || s.charAt(j) == '$')) {
                    j++;
                }
                out.add(s.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    /** The index after the quoted string, identifier, comment or dollar quote at {@code i} (or i + 1). */
    static int skipQuotedOrComment(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            boolean backslashes = c == '\'' && i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                    && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)));
            int j = i + 1;
            while (j < n) {
                char d = s.charAt(j);
                if (backslashes && d == '\\') {
                    j += 2;
                } else if (d == c) {
                    if (j + 1 < n && s.charAt(j + 1) == c) {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }
        if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
            int end = s.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
            int depth = 1;
            int j = i + 2;
            while (j < n && depth > 0) {
                if (s.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                } else {
                    j++;
                }
            }
            return j;
        }
        if (c == '$' && (i == 0 || !isIdent(s.charAt(i - 1)))) {
            int j = i + 1;
            while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < n && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
                String tag = s.substring(i, j + 1);
                int end = s.indexOf(tag, j + 1);
                return end < 0 ? n : end + tag.length();
            }
        }
        if (isIdent(c)) {
            // A whole word at once: "a$b$" inside an identifier is no dollar quote.
            int j = i;
            while (j < n && (isIdent(s.charAt(j)) || s.charAt(j) == '$')) {
                j++;
            }
            return j;
        }
        return i + 1;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
