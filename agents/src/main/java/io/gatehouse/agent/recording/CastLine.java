package io.gatehouse.agent.recording;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Builds one asciicast event line as bytes, without intermediate strings: the recorder sits in the
 * path of every byte a session prints, so a download through `ssh HOST cat FILE` costs what the
 * copy costs. Output that is UTF-8 text is escaped into an "o" event; anything else (a NUL, bytes
 * that are not UTF-8) goes whole into a "b" event as base64, so binary output is kept exactly and at
 * 4/3 of its size instead of six times it. Not thread-safe: the recorder serialises events.
 */
final class CastLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf = new byte[4096];
    private int len;

    /** Starts an event: {@code [seconds, "code", "}. */
    CastLine start(long micros, char code) {
        len = 0;
        ensure(40);
        buf[len++] = '[';
        ascii(Long.toString(micros / 1_000_000));
        String fraction = Long.toString(1_000_000 + micros % 1_000_000);
        buf[len++] = '.';
        ascii(fraction.substring(1));
        ascii(", \"");
        buf[len++] = (byte) code;
        ascii("\", \"");
        return this;
    }

    /** Ends the event: {@code "]} and a newline. */
    CastLine end() {
        ensure(3);
        buf[len++] = '"';
        buf[len++] = ']';
        buf[len++] = '\n';
        return this;
    }

    /** Plain ASCII that needs no escaping (codes, sizes). */
    CastLine ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /**
     * UTF-8 text, JSON-escaped. With {@code crlf}, a bare LF becomes CR LF (output on pipes plays back
     * on a terminal that would otherwise draw a staircase); {@code previous} is the byte before
     * {@code b[off]} in the stream, so a CR LF split across two writes stays one line end.
     */
    CastLine text(byte[] b, int off, int end, boolean crlf, byte previous) {
        ensure((end - off) * 6);
        byte prev = previous;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if ((c >= 0x20 || c < 0) && c != '"' && c != '\\') {
                buf[len++] = c;
            } else {
                escape(c, crlf && c == '\n' && prev != '\r');
            }
            prev = c;
        }
        return this;
    }

    /** Bytes as base64 (they need no JSON escaping). */
    CastLine base64(byte[] b) {
        byte[] encoded = Base64.getEncoder().encode(b);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
        return this;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    private void escape(byte c, boolean addCr) {
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\n' -> {
                if (addCr) {
                    buf[len++] = 'r';
                    buf[len++] = '\\';
                }
                buf[len++] = 'n';
            }
            case '\r' -> buf[len++] = 'r';
            case '\t' -> buf[len++] = 't';
            case '\b' -> buf[len++] = 'b';
            case '\f' -> buf[len++] = 'f';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[(c >> 4) & 0xf];
                buf[len++] = HEX[c & 0xf];
            }
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more + 1024));
        }
    }

    /**
     * Where the text in {@code b[off..end)} stops: {@code end}, or the start of a UTF-8 sequence cut
     * off by the end (it waits for the next write); -1 when the bytes are not text: a byte that is not
     * UTF-8, or a control character no terminal program prints (NUL and most of C0; tab, the line and
     * page controls, backspace, bell, shift in/out and escape are text).
     */
    static int textEnd(byte[] b, int off, int end) {
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x80) {
                i++;
                continue;
            }
            if (c < 0x20) {
                if (!isTextControl(c)) {
                    return -1;
                }
                i++;
                continue;
            }
            int n = sequenceLength(c);
            if (n < 0) {
                return -1;
            }
            for (int k = 1; k < n; k++) {
                if (i + k >= end) {
                    return i; // cut off: the rest comes with the next write
                }
                int cont = b[i + k] & 0xff;
                if (!continuationOk(c, k, cont)) {
                    return -1;
                }
            }
            i += n;
        }
        return end;
    }

    private static boolean isTextControl(int c) {
        return c == '\t' || c == '\n' || c == '\r' || c == '\b' || c == '\f' || c == 0x07 || c == 0x0e
                || c == 0x0f || c == 0x1b;
    }

    private static int sequenceLength(int lead) {
        if (lead >= 0xc2 && lead <= 0xdf) {
            return 2;
        }
        if (lead >= 0xe0 && lead <= 0xef) {
            return 3;
        }
        if (lead >= 0xf0 && lead <= 0xf4) {
            return 4;
        }
        return -1;
    }

    /** The continuation byte rules of RFC 3629 (no overlong forms, no surrogates, nothing past U+10FFFF). */
    private static boolean continuationOk(int lead, int k, int cont) {
        if (k == 1) {
            return switch (lead) {
                case 0xe0 -> cont >= 0xa0 && cont <= 0xbf;
                case 0xed -> cont >= 0x80 && cont <= 0x9f;
                case 0xf0 -> cont >= 0x90 && cont <= 0xbf;
                case 0xf4 -> cont >= 0x80 && cont <= 0x8f;
                default -> cont >= 0x80 && cont <= 0xbf;
            };
        }
        return cont >= 0x80 && cont <= 0xbf;
    }
}
