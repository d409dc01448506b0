package io.gatehouse.shared.rbac;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text a role's regex is matched against, read at most {@link #BUDGET} times. Admins write
 * the regexes but users, SSO claims and agents supply the values, so a backtracking pattern such
 * as {@code ^(.*a){12}$} or {@code ^(a+)+$} must not let a long value hold a thread: Java's
 * matcher reads its input only through {@link #charAt}, which counts every read and gives up
 * past the budget. A linear match of a 10,000-character value reads it a few times over; the
 * budget is well above that and, even for the slowest backtracking, well under a tenth of a
 * second. A count, not a clock: the same role and value decide the same way on a busy machine.
 */
final class BoundedInput implements CharSequence {
    static final int BUDGET = 100_000;

    private static final class Exhausted extends RuntimeException {
        Exhausted() {
            super(null, null, false, false);
        }
    }

    private final String value;
    private final int[] reads;

    private BoundedInput(String value, int[] reads) {
        this.value = value;
        this.reads = reads;
    }

    /** Whether {@code regex} matches all of {@code value}; empty if that cannot be decided in budget. */
    static Optional<Boolean> matches(Pattern regex, String value) {
        try {
            return Optional.of(regex.matcher(new BoundedInput(value, new int[1])).matches());
        } catch (Exhausted | StackOverflowError e) {
            // Deep backtracking on long input overflows the stack before the budget runs out.
            return Optional.empty();
        }
    }

    @Override
    public char charAt(int index) {
        if (++reads[0] > BUDGET) {
            throw new Exhausted();
        }
        return value.charAt(index);
    }

    @Override
    public int length() {
        return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedInput(value.substring(start, end), reads);
    }

    @Override
    public String toString() {
        return value;
    }
}
