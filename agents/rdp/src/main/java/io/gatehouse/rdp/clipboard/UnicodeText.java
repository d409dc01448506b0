package io.gatehouse.rdp.clipboard;

import io.gatehouse.rdp.RdpProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** CF_UNICODETEXT data (MS-RDPECLIP 2.2.5.2, [MS-DTYP] WCHAR): UTF-16LE ending in a NUL. */
final class UnicodeText {
    private UnicodeText() {
    }

    static byte[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_16LE);
        return Arrays.copyOf(b, b.length + 2);
    }

    /** The text up to the first NUL (or the end: not every sender terminates it); at most {@code maxChars}. */
    static String decode(byte[] data, int maxChars) throws RdpProtocolException {
        if (data.length / 2 > maxChars + 1) {
            throw new RdpProtocolException("CF_UNICODETEXT: " + data.length / 2 + " characters, over the limit of "
                    + maxChars);
        }
        String s = new String(data, 0, data.length & ~1, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }
}
