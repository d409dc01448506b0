package io.gatehouse.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: a header, padded columns, no box drawing; every cell sanitised. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> Sanitizer.clean(c == null ? "" : c.toString())).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(out, rule, width);
        rows.forEach(r -> line(out, r, width));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            l.append(c);
            if (i < width.length - 1) {
                l.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }
}
