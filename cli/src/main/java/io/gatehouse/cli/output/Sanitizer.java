package io.gatehouse.cli.output;

/**
 * Makes server-provided text safe for a terminal: ESC, C0/C1 controls (except tab) and DEL are
 * replaced, so a description holding escape sequences cannot move the cursor, retitle the window
 * or hide output.
 */
public final class Sanitizer {
    private Sanitizer() {
    }

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append('\uFFFD');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Like clean, but keeps newlines: for multi-line blocks such as YAML or PEM. */
    public static String cleanBlock(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        String[] lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(clean(lines[i]));
        }
        return out.toString();
    }
}
