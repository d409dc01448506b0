package io.gatehouse.shared.audit;

/**
 * Text a caller chose (a user name offered to the jump host, an IdP's error, a node name typed
 * into ssh) on its way into a log line or a message: control characters (CR/LF would forge log
 * lines, ESC would drive a terminal) become '?', and length is capped.
 */
public final class SafeText {
    public static final int MAX = 200;

    private SafeText() {
    }

    public static String of(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && out.length() < MAX; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return s.length() > MAX ? out.append('…').toString() : out.toString();
    }
}
