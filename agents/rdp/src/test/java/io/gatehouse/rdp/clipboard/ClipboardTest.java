package io.gatehouse.rdp.clipboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.channel.ChannelPdu;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Capabilities;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Format;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataRequest;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataResponse;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatList;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatListResponse;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clipboard's state machine, fed whole messages and chunks; what it sends is parsed back. */
class ClipboardTest {
    private static final List<Format> TEXT = List.of(new Format(1, ""), new Format(13, ""));

    private final List<byte[]> sent = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private Clipboard clipboard;

    @BeforeEach
    void create() {
        clipboard = new Clipboard(sent::add, texts::add);
    }

    @Test
    void monitorReadyIsAnsweredWithCapabilitiesAndAnEmptyFormatList() throws Exception {
        clipboard.onMessage(ClipboardPduTest.serverCapabilities(ClipboardPdu.CB_USE_LONG_FORMAT_NAMES));
        assertTrue(sent.isEmpty());
        clipboard.onMessage(ClipboardPduTest.monitorReady());
        assertEquals(Clipboard.State.READY, clipboard.state());
        assertEquals(List.of(new Capabilities(2, ClipboardPdu.CB_USE_LONG_FORMAT_NAMES), new FormatList(List.of())),
                sentPdus(true));
    }

    @Test
    void textOfferedBeforeTheServerIsReadyIsAnnouncedAtMonitorReadyAndGivenOnRequest() throws Exception {
        clipboard.offerText("gatehouse ✓");
        assertTrue(sent.isEmpty(), "nothing may be sent before Monitor Ready");
        ready(true);
        assertEquals(new FormatList(List.of(new Format(13, ""))), sentPdus(true).get(1));
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatListResponse(true));
        clipboard.onMessage(ClipboardPdu.formatDataRequest(13));
        FormatDataResponse r = (FormatDataResponse) sentPdus(true).get(0);
        assertTrue(r.ok());
        assertEquals("gatehouse ✓", UnicodeText.decode(r.data(), 100));
        assertEquals(0, r.data()[r.data().length - 1]);
        assertEquals(0, r.data()[r.data().length - 2]);
    }

    @Test
    void textOfferedWhenReadyIsAnnouncedAtOnceInTheAgreedNameLayout() throws Exception {
        ready(false); // the server has no long names: short (36-byte) entries
        sent.clear();
        clipboard.offerText("x");
        assertEquals(8 + 36, sent.get(0).length);
        assertEquals(new FormatList(List.of(new Format(13, ""))), sentPdus(false).get(0));
    }

    @Test
    void aRemoteCopyWithTextIsAcknowledgedFetchedAndReported() throws Exception {
        ready(true);
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        assertEquals(List.of(new FormatListResponse(true), new FormatDataRequest(13)), sentPdus(true));
        clipboard.onMessage(ClipboardPdu.formatDataResponse(UnicodeText.encode("from the desktop")));
        assertEquals(List.of("from the desktop"), texts);
    }

    @Test
    void aRemoteCopyWithoutTextIsOnlyAcknowledged() throws Exception {
        ready(true);
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatList(List.of(new Format(8, "")), true));
        assertEquals(List.of(new FormatListResponse(true)), sentPdus(true));
    }

    @Test
    void aRemoteCopyReplacesOurTextSoLaterRequestsFail() throws Exception {
        ready(true);
        clipboard.offerText("mine");
        clipboard.onMessage(ClipboardPdu.formatList(List.of(new Format(8, "")), true));
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatDataRequest(13));
        clipboard.onMessage(ClipboardPdu.formatDataRequest(1));
        assertEquals(List.of(false, false), sentPdus(true).stream().map(p -> ((FormatDataResponse) p).ok()).toList());
    }

    @Test
    void aSecondCopyDuringAnOutstandingRequestIsFetchedAfterTheAnswer() throws Exception {
        ready(true);
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        assertEquals(List.of(new FormatListResponse(true)), sentPdus(true), "one data request at a time");
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatDataResponse(UnicodeText.encode("first")));
        assertEquals(List.of(new FormatDataRequest(13)), sentPdus(true));
        clipboard.onMessage(ClipboardPdu.formatDataResponse(UnicodeText.encode("second")));
        clipboard.onMessage(ClipboardPdu.formatDataResponse(UnicodeText.encode("unasked")));
        assertEquals(List.of("first", "second"), texts);
    }

    @Test
    void textOverTheLimitIsCutWithoutSplittingASurrogatePair() throws Exception {
        ready(true);
        String big = "a".repeat(Clipboard.MAX_TEXT_CHARS - 1) + "😀" + "tail";
        clipboard.offerText(big);
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatDataRequest(13));
        FormatDataResponse r = (FormatDataResponse) sentPdus(true).get(0);
        assertEquals((Clipboard.MAX_TEXT_CHARS - 1) * 2 + 2, r.data().length);
    }

    @Test
    void malformedPdusAndChunksAreIgnoredAndTheClipboardGoesOn() throws Exception {
        ready(true);
        sent.clear();
        clipboard.onMessage(new byte[] {2, 0, 0});
        clipboard.onMessage(ClipboardPdu.write(2, 0, new byte[] {13, 0, 0, 0, 'a', 0}));
        clipboard.onMessage(ClipboardPdu.write(5, 3, new byte[0]));
        clipboard.onChunk(new ByteReader(new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 1}, "chunk")); // no first chunk
        clipboard.onChunk(new ByteReader(new byte[] {1}, "chunk"));
        assertTrue(sent.isEmpty());
        assertEquals(Clipboard.State.READY, clipboard.state());

        Random rnd = new Random(99);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(120)];
            rnd.nextBytes(b);
            clipboard.onMessage(b);
            clipboard.onChunk(new ByteReader(b, "chunk"));
        }
        create();
        ready(true);
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        assertEquals(List.of(new FormatListResponse(true), new FormatDataRequest(13)), sentPdus(true));
    }

    @Test
    void chunkedMessagesAreJoinedBeforeTheyAreHandled() throws Exception {
        ready(true);
        sent.clear();
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        String text = "x".repeat(5000);
        for (byte[] c : ChannelPdu.chunks(ClipboardPdu.formatDataResponse(UnicodeText.encode(text)), 1600, true)) {
            clipboard.onChunk(new ByteReader(c, "chunk"));
        }
        assertEquals(List.of(text), texts);
    }

    @Test
    void aListenerThatThrowsDoesNotReachTheSession() throws Exception {
        clipboard = new Clipboard(sent::add, t -> {
            throw new IllegalStateException("listener bug");
        });
        ready(true);
        clipboard.onMessage(ClipboardPdu.formatList(TEXT, true));
        clipboard.onMessage(ClipboardPdu.formatDataResponse(UnicodeText.encode("t")));
        assertFalse(sent.isEmpty());
    }

    private void ready(boolean serverLongNames) throws Exception {
        clipboard.onMessage(ClipboardPduTest.serverCapabilities(serverLongNames ? 0x16 : 0));
        clipboard.onMessage(ClipboardPduTest.monitorReady());
    }

    private List<ClipboardPdu> sentPdus(boolean longNames) throws RdpProtocolException {
        List<ClipboardPdu> out = new ArrayList<>();
        for (byte[] b : sent) {
            out.add(ClipboardPdu.parse(new ByteReader(b, "sent"), longNames));
        }
        return out;
    }
}
