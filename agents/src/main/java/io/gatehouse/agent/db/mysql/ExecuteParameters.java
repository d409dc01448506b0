package io.gatehouse.agent.db.mysql;

import io.gatehouse.shared.db.mysql.MalformedMysqlPacket;
import io.gatehouse.shared.db.mysql.MysqlWire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The parameters of a COM_STMT_EXECUTE for the audit trail: the binary protocol's values decoded
 * where simple (integers, floating point, strings, dates as their raw fields), bounded; blobs and
 * anything unusual as a placeholder. A statement's types are remembered between executions, as
 * the protocol sends them only when they change ("new params bound" flag).
 *
 * <p>Layout: 0x17, statement id (4), flags (1), iteration count (4), then with n &gt; 0 parameters:
 * NULL bitmap ((n+7)/8), new-params-bound (1), [n × (type, flags)], values of the non-NULL ones
 * (those sent as long data are not repeated here).
 */
final class ExecuteParameters {
    static final int MAX_VALUE_CHARS = 256;
    static final int MAX_PARAMETERS = 100;

    /** What the audit knows about one prepared statement. */
    static final class Statement {
        final String sql;
        final int parameterCount;
        int[] types = new int[0];
        final java.util.BitSet longData = new java.util.BitSet();

        Statement(String sql, int parameterCount) {
            this.sql = sql;
            this.parameterCount = parameterCount;
        }
    }

    private static final Set<Integer> LENENC_TYPES = Set.of(0x00, 0x0f, 0x10, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
            0xfc, 0xfd, 0xfe, 0xff);
    private static final Set<Integer> BLOB_TYPES = Set.of(0xf9, 0xfa, 0xfb, 0xfc, 0xff);

    private ExecuteParameters() {
    }

    static List<String> decode(byte[] payload, Statement statement) {
        List<String> out = new ArrayList<>();
        int n = statement.parameterCount;
        try {
            MysqlWire.Fields f = new MysqlWire.Fields(payload, "the client's statement execution");
            f.skip(1 + 4 + 1 + 4);
            if (n == 0) {
                return out;
            }
            byte[] nulls = f.bytes((n + 7) / 8);
            if (f.int1() == 1) {
                int[] types = new int[n];
                for (int i = 0; i < n; i++) {
                    types[i] = f.int1() | f.int1() << 8; // type, then the unsigned flag (0x80) as high byte
                }
                statement.types = types;
            }
            if (statement.types.length != n) {
                return List.of("(parameter types not sent)");
            }
            for (int i = 0; i < n && out.size() < MAX_PARAMETERS; i++) {
                if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
                    out.add("NULL");
                } else if (statement.longData.get(i)) {
                    out.add("(long data)");
                } else {
                    out.add(value(f, statement.types[i]));
                }
            }
        } catch (MalformedMysqlPacket | RuntimeException e) {
            out.add("(not decoded)");
        } finally {
            statement.longData.clear();
        }
        return out;
    }

    private static String value(MysqlWire.Fields f, int typeAndFlags) throws MalformedMysqlPacket {
        int type = typeAndFlags & 0xff;
        boolean unsigned = (typeAndFlags & 0x8000) != 0;
        return switch (type) {
            case 0x01 -> integer(f.fixed(1), 1, unsigned);
            case 0x02, 0x0d -> integer(f.fixed(2), 2, unsigned);
            case 0x03, 0x09 -> integer(f.fixed(4), 4, unsigned);
            case 0x08 -> unsigned ? Long.toUnsignedString(f.fixed(8)) : Long.toString(f.fixed(8));
            case 0x04 -> Float.toString(Float.intBitsToFloat((int) f.fixed(4)));
            case 0x05 -> Double.toString(Double.longBitsToDouble(f.fixed(8)));
            case 0x06 -> "NULL";
            case 0x07, 0x0a, 0x0c -> dateTime(f.bytes(f.int1()));
            case 0x0b -> time(f.bytes(f.int1()));
            default -> {
                if (!LENENC_TYPES.contains(type)) {
                    throw new MalformedMysqlPacket("type 0x" + Integer.toHexString(type));
                }
                byte[] b = f.bytes(f.lenenc());
                yield BLOB_TYPES.contains(type) ? "(" + b.length + " bytes)" : text(b);
            }
        };
    }

    private static String integer(long raw, int bytes, boolean unsigned) {
        if (unsigned) {
            return Long.toString(raw);
        }
        int shift = 64 - 8 * bytes;
        return Long.toString(raw << shift >> shift);
    }

    /** DATE/DATETIME/TIMESTAMP: length 0, 4 (date), 7 (+ time) or 11 (+ microseconds). */
    private static String dateTime(byte[] b) {
        byte[] v = Arrays.copyOf(b, 11);
        String s = String.format("%04d-%02d-%02d", (v[0] & 0xff) | (v[1] & 0xff) << 8, v[2], v[3]);
        if (b.length >= 7) {
            s += String.format(" %02d:%02d:%02d", v[4], v[5], v[6]);
        }
        return b.length >= 11 ? s + "." + String.format("%06d", le(v, 7)) : s;
    }

    /** TIME: length 0, 8 (sign, days, h, m, s) or 12 (+ microseconds). */
    private static String time(byte[] b) {
        byte[] v = Arrays.copyOf(b, 12);
        long hours = le(v, 1) * 24 + v[5];
        String s = (v[0] == 1 ? "-" : "") + String.format("%02d:%02d:%02d", hours, v[6], v[7]);
        return b.length >= 12 ? s + "." + String.format("%06d", le(v, 8)) : s;
    }

    private static long le(byte[] v, int at) {
        return (v[at] & 0xffL) | (v[at + 1] & 0xffL) << 8 | (v[at + 2] & 0xffL) << 16 | (v[at + 3] & 0xffL) << 24;
    }

    private static String text(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, MAX_VALUE_CHARS * 4), StandardCharsets.UTF_8);
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "… (" + b.length + " bytes)" : s;
    }
}
