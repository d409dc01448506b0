package io.gatehouse.shared.db.postgres;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Client messages Gatehouse writes itself (a refused statement replaced by one that fails with the
 * refusal, so the server answers in order) and reads in detail for the audit (Bind's values,
 * bounded: a 100 MB bytea parameter is recorded as its size).
 */
public final class FrontendWriter {
    private FrontendWriter() {
    }

    public static PgMessage query(String sql) {
        return new PgMessage('Q', new PgWire.Body().cstring(sql).toBytes());
    }

    public static PgMessage parse(String name, String sql, List<Integer> parameterTypes) {
        PgWire.Body b = new PgWire.Body().cstring(name).cstring(sql).int16(parameterTypes.size());
        parameterTypes.forEach(b::int32);
        return new PgMessage('P', b.toBytes());
    }

    /** A Bind's portal, statement and its parameter values as the audit shows them. */
    public record BindValues(String portal, String statement, List<String> values) {
        public BindValues {
            values = List.copyOf(values);
        }
    }

    /**
     * Reads a Bind: text-format values as text (up to {@code maxChars}), binary ones as hex (up to
     * {@code maxChars} digits), NULL as "NULL"; at most {@code maxValues} values are rendered.
     */
    public static BindValues bindValues(PgMessage bind, int maxValues, int maxChars) throws MalformedPgMessage {
        PgWire.Fields f = bind.fields("Bind");
        String portal = f.cstring();
        String statement = f.cstring();
        int formatCount = f.uint16();
        int[] formats = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            formats[i] = f.int16();
        }
        int n = f.uint16();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = f.int32();
            if (len < -1) {
                throw new MalformedPgMessage("Bind parameter " + (i + 1) + " has length " + len);
            }
            byte[] value = len <= 0 ? new byte[0] : f.bytes(len);
            if (i >= maxValues) {
                continue;
            }
            boolean binary = formatCount == 1 ? formats[0] == 1 : formatCount > i && formats[i] == 1;
            values.add(len == -1 ? "NULL" : render(value, binary, maxChars));
        }
        if (n > maxValues) {
            values.add("(" + (n - maxValues) + " more parameters)");
        }
        return new BindValues(portal, statement, values);
    }

    private static String render(byte[] value, boolean binary, int maxChars) {
        if (binary) {
            int shown = Math.min(value.length, maxChars / 2);
            String hex = "\\x" + HexFormat.of().formatHex(value, 0, shown);
            return shown < value.length ? hex + "... (" + value.length + " bytes)" : hex;
        }
        String text = PgAuthMessages.utf8(value);
        return text.length() > maxChars ? text.substring(0, maxChars) + "... (" + value.length + " bytes)" : text;
    }
}
