package io.gatehouse.agent.db.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny SQL lexer over the bytes of a COM_QUERY or COM_STMT_PREPARE, fed in pieces (a query of
 * any size streams through it): it splits statements at ';' outside quotes and comments, finds
 * the {@code USE db} ones (leading whitespace and comments skipped, any case, backquoted names),
 * and counts '?' placeholders. Working on bytes is safe for UTF-8: every character the lexer
 * acts on is ASCII, and no byte of a multi-byte character is.
 *
 * <p>MySQL's executable comments ({@code /*! ... *}{@code /}, MariaDB's {@code /*M! ... *}{@code /})
 * run their contents, so they are read as code: {@code /*!USE other*}{@code /} is a USE.
 *
 * <p>One scanner reads the text one way; the server's reading depends on session state a statement
 * can change on the way (NO_BACKSLASH_ESCAPES, or a client character set such as GBK or SJIS where
 * a backslash or backquote byte can end a two-byte character: {@code '<0xbf>\'; USE other; -- '}).
 * {@link Union} therefore reads the text every way the server might and reports every USE any of
 * them finds.
 */
final class StatementScanner {
    /** Enough of a statement's start to read "USE" and a 64-character (backquoted, escaped) name. */
    private static final int HEAD_LIMIT = 512;

    private enum State { CODE, SINGLE_QUOTE, DOUBLE_QUOTE, BACKQUOTE, LINE_COMMENT, BLOCK_COMMENT }

    /** Which bytes start a two-byte character whose second byte is then taken as is. */
    enum Encoding {
        /** UTF-8, latin1 and the like: no ASCII byte is ever part of another character. */
        ASCII_SAFE,
        /** gbk, gb18030 (its 4-byte forms have ASCII digits second, read the same way). */
        GBK,
        /** sjis, cp932. */
        SJIS,
        /** big5. */
        BIG5;

        boolean leads(int c) {
            return switch (this) {
                case ASCII_SAFE -> false;
                case GBK -> c >= 0x81 && c <= 0xfe;
                case SJIS -> c >= 0x81 && c <= 0x9f || c >= 0xe0 && c <= 0xfc;
                case BIG5 -> c >= 0xa1 && c <= 0xf9;
            };
        }
    }

    private final boolean noBackslashEscapes;
    private final Encoding encoding;
    private boolean trailNext;
    private final List<String> useTargets = new ArrayList<>();
    private final StringBuilder head = new StringBuilder();
    private State state = State.CODE;
    private int previous = -1;
    private boolean escaped;
    private boolean inExecutableComment;
    /** After "/*": 0 = deciding, 1 = saw 'M' (MariaDB's "/*M!"), -1 = decided. */
    private int commentOpening = -1;
    private boolean headFull;
    /** Right after "/*!": the version number MySQL puts there is not part of the statement. */
    private boolean skipVersion;
    private int placeholders;

    StatementScanner(boolean noBackslashEscapes) {
        this(noBackslashEscapes, Encoding.ASCII_SAFE);
    }

    StatementScanner(boolean noBackslashEscapes, Encoding encoding) {
        this.noBackslashEscapes = noBackslashEscapes;
        this.encoding = encoding;
    }

    static StatementScanner scan(String sql, boolean noBackslashEscapes) {
        StatementScanner s = new StatementScanner(noBackslashEscapes);
        byte[] b = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        s.finish();
        return s;
    }

    /** Reads a whole text this one way and returns the databases its USE statements name. */
    List<String> useTargetsOf(byte[] b) {
        feed(b, 0, b.length);
        finish();
        return useTargets();
    }

    void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            step(b[i] & 0xff);
        }
    }

    /** The end of the text: the last statement ends here. */
    void finish() {
        if (state == State.CODE && (previous == '-' || previous == '/' || previous == '*')) {
            code(previous);
        }
        endStatement();
    }

    /** The database names of the USE statements seen so far (whole statements only, until {@link #finish}). */
    List<String> useTargets() {
        return List.copyOf(useTargets);
    }

    int placeholders() {
        return placeholders;
    }

    private void step(int c) {
        if (trailNext) {
            trailNext = false;
            if (state != State.LINE_COMMENT && state != State.BLOCK_COMMENT) {
                code(c);
            }
            return;
        }
        if (encoding.leads(c)) {
            trailNext = true;
        }
        switch (state) {
            case CODE -> codeStep(c);
            case SINGLE_QUOTE, DOUBLE_QUOTE, BACKQUOTE -> quoteStep(c);
            case LINE_COMMENT -> {
                if (c == '\n') {
                    state = State.CODE;
                    space();
                }
            }
            case BLOCK_COMMENT -> blockCommentStep(c);
        }
    }

    private void codeStep(int c) {
        int before = previous;
        previous = c;
        if (before == '-' && c == '-') {
            previous = -2; // "--": a comment if whitespace (or the end) follows
            return;
        }
        if (before == -2) {
            if (c <= ' ') {
                state = State.LINE_COMMENT;
                previous = -1;
                return;
            }
            code('-');
            code('-');
        } else if (before == '-') {
            code('-');
        } else if (before == '/' && c == '*') {
            state = State.BLOCK_COMMENT;
            commentOpening = 0;
            previous = -1;
            return;
        } else if (before == '/') {
            code('/');
        } else if (before == '*' && c == '/' && inExecutableComment) {
            inExecutableComment = false;
            previous = -1;
            space();
            return;
        } else if (before == '*') {
            code('*');
        }
        switch (c) {
            case '-', '/', '*' -> {
                // decided by the next byte
            }
            case '#' -> {
                state = State.LINE_COMMENT;
                previous = -1;
            }
            case '\'' -> openQuote(State.SINGLE_QUOTE, c);
            case '"' -> openQuote(State.DOUBLE_QUOTE, c);
            case '`' -> openQuote(State.BACKQUOTE, c);
            case ';' -> {
                endStatement();
                previous = -1;
            }
            case '?' -> {
                placeholders++;
                code(c);
            }
            default -> code(c);
        }
    }

    private void openQuote(State quote, int c) {
        state = quote;
        escaped = false;
        previous = -1;
        code(c);
    }

    private void quoteStep(int c) {
        int quote = state == State.SINGLE_QUOTE ? '\'' : state == State.DOUBLE_QUOTE ? '"' : '`';
        code(c);
        if (escaped) {
            escaped = false;
        } else if (c == '\\' && state != State.BACKQUOTE && !noBackslashEscapes) {
            escaped = true;
        } else if (c == quote) {
            // a doubled quote reopens at once: the next byte being the quote again is handled as a new quote
            state = State.CODE;
            previous = -1;
        }
    }

    private void blockCommentStep(int c) {
        if (commentOpening == 0 && c == '!' || commentOpening == 1 && c == '!') {
            // "/*!" or "/*M!": the contents run (after an optional version number, which reads as code
            // that the server skips: a leading number before USE would make it no USE anyway)
            inExecutableComment = true;
            commentOpening = -1;
            state = State.CODE;
            previous = -1;
            skipVersion = true;
            return;
        }
        if (commentOpening == 0 && c == 'M') {
            commentOpening = 1;
            return;
        }
        commentOpening = -1;
        if (previous == '*' && c == '/') {
            state = State.CODE;
            previous = -1;
            space();
            return;
        }
        previous = c;
    }

    private void code(int c) {
        if (skipVersion) {
            if (c >= '0' && c <= '9') {
                return;
            }
            skipVersion = false;
        }
        if (headFull) {
            return;
        }
        if (head.length() >= HEAD_LIMIT) {
            headFull = true;
            return;
        }
        head.append((char) c);
    }

    private void space() {
        code(' ');
    }

    private void endStatement() {
        String text = head.toString();
        head.setLength(0);
        headFull = false;
        useTarget(text.strip()).ifPresent(useTargets::add);
    }

    /** "USE name" / "USE `name`" (a doubled backquote is one), with nothing but spaces after the name. */
    private static java.util.Optional<String> useTarget(String statement) {
        if (statement.length() < 4 || !statement.substring(0, 3).toLowerCase(Locale.ROOT).equals("use")) {
            return java.util.Optional.empty();
        }
        char after = statement.charAt(3);
        if (!(after <= ' ' || after == '`' || after == '"')) {
            return java.util.Optional.empty(); // USER..., USES...: not a USE
        }
        String rest = statement.substring(3).strip();
        String name;
        if (rest.startsWith("`") || rest.startsWith("\"")) {
            char q = rest.charAt(0);
            StringBuilder n = new StringBuilder();
            int i = 1;
            while (i < rest.length()) {
                char c = rest.charAt(i);
                if (c == q && i + 1 < rest.length() && rest.charAt(i + 1) == q) {
                    n.append(q);
                    i += 2;
                } else if (c == q) {
                    break;
                } else {
                    n.append(c);
                    i++;
                }
            }
            name = n.toString();
        } else {
            int end = 0;
            while (end < rest.length() && rest.charAt(end) > ' ') {
                end++;
            }
            name = rest.substring(0, end);
        }
        // The bytes were read one by one: decode the name's UTF-8 now.
        byte[] raw = new byte[name.length()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) name.charAt(i);
        }
        return java.util.Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every reading of the same text the server might make (see the class comment), fed together. */
    static final class Union {
        private final List<StatementScanner> readings = new ArrayList<>();

        Union() {
            for (boolean noBackslashEscapes : new boolean[] {false, true}) {
                for (Encoding e : Encoding.values()) {
                    readings.add(new StatementScanner(noBackslashEscapes, e));
                }
            }
        }

        static Union scan(byte[] b, int off, int len) {
            Union u = new Union();
            u.feed(b, off, len);
            u.finish();
            return u;
        }

        void feed(byte[] b, int off, int len) {
            readings.forEach(r -> r.feed(b, off, len));
        }

        void finish() {
            readings.forEach(StatementScanner::finish);
        }

        /** Every database a USE names in any reading, each once. */
        List<String> useTargets() {
            return readings.stream().flatMap(r -> r.useTargets().stream()).distinct().toList();
        }

        /** The placeholders of the usual reading (UTF-8, backslash escapes): for the audit only. */
        int placeholders() {
            return readings.get(0).placeholders();
        }
    }
}
