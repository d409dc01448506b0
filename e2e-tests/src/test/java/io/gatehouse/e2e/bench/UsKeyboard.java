package io.gatehouse.e2e.bench;

import java.util.Map;

/** The characters the desktop bench types, as PS/2 set-1 scancodes of a US keyboard (docs/desktop-protocol.md KEY). */
final class UsKeyboard {
    static final int LEFT_SHIFT = 0x2A;
    static final int LEFT_CTRL = 0x1D;
    static final int ENTER = 0x1C;
    private static final String LETTERS = "qwertyuiop" + "asdfghjkl" + "zxcvbnm";
    private static final int[] LETTER_CODES = {
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
        0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26,
        0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32};
    private static final Map<Character, Integer> OTHERS = Map.of(' ', 0x39, '-', 0x0C, '=', 0x0D, '.', 0x34, '/', 0x35,
            '\n', ENTER);
    private static final Map<Character, Integer> SHIFTED_OTHERS = Map.of('_', 0x0C, '+', 0x0D);

    /** A key press: its scancode and whether Shift is held for it. */
    record Stroke(int scancode, boolean shift) {
    }

    static Stroke stroke(char c) {
        char lower = Character.toLowerCase(c);
        int letter = LETTERS.indexOf(lower);
        if (letter >= 0) {
            return new Stroke(LETTER_CODES[letter], c != lower);
        }
        if (c >= '1' && c <= '9') {
            return new Stroke(0x02 + (c - '1'), false);
        }
        if (c == '0') {
            return new Stroke(0x0B, false);
        }
        Integer code = OTHERS.get(c);
        if (code != null) {
            return new Stroke(code, false);
        }
        code = SHIFTED_OTHERS.get(c);
        if (code != null) {
            return new Stroke(code, true);
        }
        throw new IllegalArgumentException("the bench cannot type '" + c + "' (no US scancode mapped)");
    }

    private UsKeyboard() {
    }
}
