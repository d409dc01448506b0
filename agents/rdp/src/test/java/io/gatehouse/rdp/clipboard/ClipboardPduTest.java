package io.gatehouse.rdp.clipboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Capabilities;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Format;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataRequest;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataResponse;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatList;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatListResponse;
import io.gatehouse.rdp.clipboard.ClipboardPdu.MonitorReady;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MS-RDPECLIP PDUs built by hand from the spec's layouts, parsed and written. */
class ClipboardPduTest {
    private static final List<Format> FORMATS = List.of(new Format(13, ""), new Format(0xC0A1, "HTML Format"),
            new Format(1, ""));

    /** What xrdp's chansrv sends first: Clipboard Capabilities with long format names, then Monitor Ready. */
    static byte[] serverCapabilities(long flags) {
        return ClipboardPdu.write(7, 0, new ByteWriter().u16le(2).u16le(0).u16le(0x7777).u16le(8).u32le(9)
                .u16le(1).u16le(12).u32le(2).u32le(flags).toByteArray());
    }

    static byte[] monitorReady() {
        return ClipboardPdu.write(1, 0, new byte[0]);
    }

    @Test
    void capabilitiesGiveTheGeneralSetAmongOthers() throws Exception {
        assertEquals(new Capabilities(2, 0x16), parse(serverCapabilities(0x16), false));
        assertTrue(new Capabilities(2, 0x16).longFormatNames());
        byte[] ours = ClipboardPdu.capabilities(ClipboardPdu.CB_USE_LONG_FORMAT_NAMES);
        assertArrayEquals(new ByteWriter().u16le(7).u16le(0).u32le(16).u16le(1).u16le(0).u16le(1).u16le(12).u32le(2)
                .u32le(2).toByteArray(), ours);
        assertEquals(new Capabilities(2, 2), parse(ours, false));
    }

    @Test
    void monitorReadyParses() throws Exception {
        assertInstanceOf(MonitorReady.class, parse(monitorReady(), true));
    }

    @Test
    void aFormatListWithLongNamesRoundTrips() throws Exception {
        byte[] pdu = ClipboardPdu.formatList(FORMATS, true);
        assertEquals(8 + 4 + 2 + 4 + 24 + 4 + 2, pdu.length);
        FormatList list = (FormatList) parse(pdu, true);
        assertEquals(FORMATS, list.formats());
        assertTrue(list.offers(13));
        assertFalse(list.offers(7));
    }

    @Test
    void aFormatListWithShortNamesRoundTripsInUtf16AndReadsAsciiNames() throws Exception {
        byte[] pdu = ClipboardPdu.formatList(FORMATS, false);
        assertEquals(8 + 3 * 36, pdu.length);
        assertEquals(FORMATS, ((FormatList) parse(pdu, false)).formats());

        byte[] name = Arrays.copyOf("Rich Text Format".getBytes(StandardCharsets.US_ASCII), 32);
        byte[] ascii = ClipboardPdu.write(2, ClipboardPdu.CB_ASCII_NAMES, new ByteWriter().u32le(0xC0B0).bytes(name)
                .toByteArray());
        assertEquals(List.of(new Format(0xC0B0, "Rich Text Format")), ((FormatList) parse(ascii, false)).formats());
        assertEquals(List.of(), ((FormatList) parse(ClipboardPdu.formatList(List.of(), true), true)).formats());
    }

    @Test
    void dataRequestsAndResponsesRoundTrip() throws Exception {
        assertEquals(new FormatDataRequest(13), parse(ClipboardPdu.formatDataRequest(13), true));
        byte[] text = UnicodeText.encode("héllo €");
        FormatDataResponse ok = (FormatDataResponse) parse(ClipboardPdu.formatDataResponse(text), true);
        assertTrue(ok.ok());
        assertEquals("héllo €", UnicodeText.decode(ok.data(), 100));
        assertFalse(((FormatDataResponse) parse(ClipboardPdu.formatDataResponse(null), true)).ok());
        assertEquals(new FormatListResponse(true), parse(ClipboardPdu.formatListResponse(true), true));
        assertEquals(new FormatListResponse(false), parse(ClipboardPdu.formatListResponse(false), true));
    }

    @Test
    void unicodeTextEndsWithOneNulAndDecodesWithOrWithoutIt() throws Exception {
        assertArrayEquals(new byte[] {'a', 0, 'b', 0, 0, 0}, UnicodeText.encode("ab"));
        assertEquals("ab", UnicodeText.decode(new byte[] {'a', 0, 'b', 0, 0, 0, 'x', 0}, 10));
        assertEquals("ab", UnicodeText.decode(new byte[] {'a', 0, 'b', 0, 'c'}, 10)); // odd length: last byte dropped
        assertThrows(RdpProtocolException.class, () -> UnicodeText.decode(new byte[40], 10));
    }

    @Test
    void malformedPdusAreProtocolErrors() {
        List<byte[]> bad = List.of(
                new ByteWriter().u16le(2).u16le(0).u32le(100).zeros(10).toByteArray(), // dataLen past the end
                ClipboardPdu.write(2, 0, new ByteWriter().u32le(13).u16le('a').toByteArray()), // long name without NUL
                ClipboardPdu.write(2, 0, new byte[35]), // short list not a multiple of 36
                ClipboardPdu.write(3, 3, new byte[0]), // OK and FAIL at once
                ClipboardPdu.write(5, 0, new byte[0]), // neither
                ClipboardPdu.write(4, 0, new byte[2]), // request without a whole format id
                ClipboardPdu.write(7, 0, new ByteWriter().u16le(1).u16le(0).u16le(1).u16le(2).toByteArray()),
                new byte[] {2, 0, 0});
        for (byte[] b : bad) {
            boolean longNames = b.length != 8 + 35;
            assertThrows(RdpProtocolException.class, () -> parse(b, longNames), Arrays.toString(b));
        }
    }

    @Test
    void randomTruncatedAndCorruptedPdusOnlyEverThrowProtocolExceptions() {
        Random rnd = new Random(13);
        List<byte[]> seeds = List.of(serverCapabilities(2), monitorReady(), ClipboardPdu.formatList(FORMATS, true),
                ClipboardPdu.formatList(FORMATS, false), ClipboardPdu.formatDataRequest(13),
                ClipboardPdu.formatDataResponse(UnicodeText.encode("text")));
        for (byte[] seed : seeds) {
            for (int n = 0; n <= seed.length; n++) {
                check(Arrays.copyOf(seed, n));
            }
            for (int i = 0; i < 2000; i++) {
                byte[] b = seed.clone();
                for (int k = 1 + rnd.nextInt(4); k > 0 && b.length > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                check(b);
            }
        }
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            check(b);
        }
    }

    private static void check(byte[] b) {
        for (boolean longNames : new boolean[] {true, false}) {
            try {
                parse(b, longNames);
            } catch (RdpProtocolException expected) {
                // the one allowed failure
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("parse threw " + e + " on " + Arrays.toString(b), e);
            }
        }
    }

    private static ClipboardPdu parse(byte[] b, boolean longNames) throws RdpProtocolException {
        return ClipboardPdu.parse(new ByteReader(b, "test"), longNames);
    }
}
