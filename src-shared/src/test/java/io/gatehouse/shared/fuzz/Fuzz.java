package io.gatehouse.shared.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A bounded, seeded fuzz pass over one parser of untrusted bytes, in the style of the RDP engine's
 * ParserFuzzTest: random bytes, every truncation of each valid seed, and seeds corrupted by byte
 * substitutions, bit flips, huge length fields, cut-outs and repeats. The only exceptions allowed
 * out are the parser's own error types; anything else (a NullPointerException, an index out of
 * bounds, a NumberFormatException, an OutOfMemoryError, a StackOverflowError) or a run past the
 * time limit fails with the seed, the case number and the input in hex, so the case can be replayed
 * and kept as a regression.
 */
public final class Fuzz {
    /** Exceptions that are always a parser bug, even where they subclass an allowed type. */
    private static final List<Class<? extends Throwable>> NEVER = List.of(NumberFormatException.class,
            ArrayIndexOutOfBoundsException.class, StringIndexOutOfBoundsException.class, NullPointerException.class,
            ClassCastException.class, java.nio.BufferUnderflowException.class, ArithmeticException.class);
    private static final int[] HUGE = {0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x00FFFFFF, 0x10000, 0xFFFF};

    /** Reads one input; success or an allowed exception are both fine. */
    @FunctionalInterface
    public interface Parser {
        void parse(byte[] input) throws Exception;
    }

    /** A parser under test, the valid inputs that mutations start from, and its own error types. */
    public record Target(String name, Parser parser, List<byte[]> seeds, List<Class<? extends Throwable>> allowed) {
        public Target {
            seeds = List.copyOf(seeds);
            allowed = List.copyOf(allowed);
        }

        public static Target of(String name, Parser parser, List<byte[]> seeds, Class<? extends Throwable>... allowed) {
            return new Target(name, parser, seeds, List.of(allowed));
        }

        /** Seeds given as text (JSON, YAML, asciicast), encoded as UTF-8. */
        public static Target text(String name, TextParser parser, List<String> seeds,
                Class<? extends Throwable>... allowed) {
            return new Target(name, b -> parser.parse(new String(b, StandardCharsets.UTF_8)),
                    seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(), List.of(allowed));
        }
    }

    @FunctionalInterface
    public interface TextParser {
        void parse(String input) throws Exception;
    }

    private Fuzz() {
    }

    /**
     * Runs {@code randomCases} random inputs, every truncation of each seed and {@code mutations}
     * corrupted copies of each seed, all within {@code limit}.
     */
    public static void run(Target target, long seed, int randomCases, int mutations, Duration limit) {
        assertTimeoutPreemptively(limit, () -> {
            Random rnd = new Random(seed);
            int n = 0;
            for (int i = 0; i < randomCases; i++, n++) {
                byte[] b = new byte[rnd.nextInt(i % 10 == 0 ? 4096 : 300)];
                rnd.nextBytes(b);
                check(target, seed, n, b);
            }
            for (byte[] valid : target.seeds()) {
                check(target, seed, n++, valid); // a valid seed must parse or refuse cleanly too
                // Every cut of a short input; an even spread of 400 cuts of a long one.
                for (int cut = 0; cut < valid.length; cut += Math.max(1, valid.length / 400), n++) {
                    check(target, seed, n, Arrays.copyOf(valid, cut));
                }
                for (int i = 0; i < mutations; i++, n++) {
                    check(target, seed, n, mutate(valid, rnd));
                }
            }
        }, () -> target.name() + " did not finish its fuzz pass (seed " + seed + ") within " + limit);
    }

    /** One corruption of a valid input, chosen at random. */
    public static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        if (b.length == 0) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> {
                // A huge length field where a length (or any four bytes) was.
                if (b.length >= 4) {
                    ByteBuffer.wrap(b).putInt(rnd.nextInt(b.length - 3), HUGE[rnd.nextInt(HUGE.length)]);
                }
            }
            case 3 -> {
                int from = rnd.nextInt(b.length);
                int to = from + rnd.nextInt(b.length - from + 1);
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }
            case 4 -> {
                // A slice repeated: deeper nesting, longer lists, duplicated fields.
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(64, b.length - from));
                int times = 1 + rnd.nextInt(40);
                byte[] out = new byte[b.length + len * times];
                System.arraycopy(b, 0, out, 0, from + len);
                for (int t = 0; t < times; t++) {
                    System.arraycopy(b, from, out, from + len * (t + 1), len);
                }
                System.arraycopy(b, from + len, out, from + len * (times + 1), b.length - from - len);
                return out;
            }
            default -> {
                byte[] special = {0, (byte) 0xFF, (byte) 0x80, '"', '\\', '{', '[', ':', '\n', '-', '&', '*', '!'};
                b[rnd.nextInt(b.length)] = special[rnd.nextInt(special.length)];
            }
        }
        return b;
    }

    /** Parses one input; fails the test unless it parsed or threw one of the target's own errors. */
    public static void check(Target target, long seed, int caseNumber, byte[] input) {
        try {
            target.parser().parse(input);
        } catch (Throwable e) {
            if (!allowed(target, e)) {
                fail(target.name() + " threw " + e + " on fuzz case " + caseNumber + " of seed " + seed + "; input: "
                        + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512))
                        + (input.length > 512 ? "... (" + input.length + " bytes)" : ""), e);
            }
        }
    }

    private static boolean allowed(Target target, Throwable e) {
        if (NEVER.stream().anyMatch(t -> t.isInstance(e))) {
            return false;
        }
        return target.allowed().stream().anyMatch(t -> t.isInstance(e));
    }
}
