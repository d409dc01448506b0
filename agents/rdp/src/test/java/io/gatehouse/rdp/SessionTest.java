package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.channel.ChannelPdu;
import io.gatehouse.rdp.clipboard.ClipboardPdu;
import io.gatehouse.rdp.connection.ShareData;
import io.gatehouse.rdp.output.BitmapDecoder;
import io.gatehouse.rdp.transport.RdpTransport;
import io.gatehouse.rdp.wire.ByteWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's reader against a scripted server over plain TCP (TLS is the transport's business). */
class SessionTest {
    private static final int IO = 1003;
    private static final int CLIP = 1004;
    private static final long SHARE = 0x103EA;
    private static final RdpSettings SETTINGS = new RdpSettings("127.0.0.1", 3389, "alice", "pw", "", 200, 200, 16,
            true, Duration.ofSeconds(5), new ServerTrust.InsecureSkipVerify(), RdpSettings.Security.TLS); // no TLS here

    private final RecordingListener listener = new RecordingListener();
    private ServerSocket listening;
    private Socket server;
    private DataInputStream fromClient;
    private OutputStream toClient;
    private Session session;

    @BeforeEach
    void start() throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        server = listening.accept();
        fromClient = new DataInputStream(server.getInputStream());
        toClient = server.getOutputStream();
        session = new Session(SETTINGS, RdpTransport.over(client), 1007, IO, CLIP, listener, BitmapDecoder.STANDARD);
        Thread.ofVirtual().start(session);
    }

    @AfterEach
    void stop() throws IOException {
        session.end(new RdpClosed(RdpClosed.Reason.CLIENT_CLOSED, "test over"));
        server.close();
        listening.close();
    }

    @Test
    void licensingCapabilitiesAndFinalizationActivateTheSession() throws Exception {
        activate(200, 200);
        assertEquals("connected 200x200", listener.events.get(0));
        byte[] sync = readFrame();
        assertEquals(0x60, sync[sync.length - 1] & 0xFF); // fast-path synchronize input after activation
    }

    @Test
    void reactivationConfirmsAgainAndReportsTheNewSize() throws Exception {
        activate(200, 200);
        readFrame();
        send(ServerPdus.deactivateAll(SHARE));
        send(ServerPdus.demandActive(SHARE, 640, 480, 16));
        finalizeActivation();
        waitFor("connected 640x480");
    }

    @Test
    void setErrorInfoThenDisconnectEndsTheSessionWithTheReason() throws Exception {
        activate(200, 200);
        send(ServerPdus.data(SHARE, ShareData.SET_ERROR_INFO, new ByteWriter().u32le(0xC).toByteArray()));
        toClient.write(new byte[] {3, 0, 0, 9, 2, (byte) 0xF0, (byte) 0x80, 0x21, (byte) 0x80});
        assertTrue(listener.closed.await(5, TimeUnit.SECONDS));
        assertEquals(RdpClosed.Reason.SERVER_DISCONNECTED, listener.closedWith.reason());
        assertTrue(listener.closedWith.message().contains("logged off"), listener.closedWith.message());
    }

    @Test
    void bitmapsAndPointersArriveOnBothPaths() throws Exception {
        activate(200, 200);
        send(ServerPdus.data(SHARE, ShareData.UPDATE, ServerPdus.rawBitmapUpdate(8, 16, 2, 2, 2, 2, 16, new byte[8])));
        toClient.write(ServerPdus.fastPath(ServerPdus.fastPathUpdate(8, 0, new byte[] {7, 0, 9, 0})));
        waitFor("pointer at 7,9");
        assertTrue(listener.events.contains("bitmap 8,16 2x2"));
    }

    @Test
    void xrdpsLoginDialogInsteadOfADesktopEndsTheSessionAsLogonFailed() throws Exception {
        activate(200, 200);
        send(ServerPdus.data(SHARE, ShareData.UPDATE, ServerPdus.rawBitmapUpdate(10, 10, 40, 40, 40, 40, 16,
                new byte[40 * 40 * 2])));
        assertTrue(listener.closed.await(LogonWatch.QUIET.toMillis() + 3000, TimeUnit.MILLISECONDS));
        assertEquals(RdpClosed.Reason.LOGON_FAILED, listener.closedWith.reason());
        assertTrue(listener.closedWith.message().contains("'alice'"));
    }

    @Test
    void aDesktopCoveringTheScreenIsALogon() throws Exception {
        boolean[] loggedOn = {false};
        RecordingListener watching = new RecordingListener() {
            @Override
            public void onLoggedOn() {
                loggedOn[0] = true;
            }
        };
        stop();
        listener.events.clear();
        startWith(watching);
        activate(200, 200);
        for (int y = 0; y < 200; y += 25) { // 10 kB each: an MCS PER length stops at 16 kB
            send(ServerPdus.data(SHARE, ShareData.UPDATE, ServerPdus.rawBitmapUpdate(0, y, 200, 25, 200, 25, 16,
                    new byte[200 * 25 * 2])));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!loggedOn[0] && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(loggedOn[0]);
        Thread.sleep(LogonWatch.QUIET.toMillis() + 500);
        assertEquals(1, watching.closed.getCount(), "a logged-on session must stay open: " + watching.events);
    }

    @Test
    void aLogonErrorFromTheServerEndsTheSessionAsLogonFailed() throws Exception {
        activate(200, 200);
        send(ServerPdus.data(SHARE, ShareData.SAVE_SESSION_INFO, new ByteWriter().u32le(3).u16le(18).u32le(2)
                .u32le(8).u32le(0xFFFFFFFEL).u32le(0).toByteArray()));
        assertTrue(listener.closed.await(5, TimeUnit.SECONDS));
        assertEquals(RdpClosed.Reason.LOGON_FAILED, listener.closedWith.reason());
    }

    @Test
    void clipboardPdusAreAnsweredOnTheirChannelAndMalformedOnesDoNotEndTheSession() throws Exception {
        activate(200, 200);
        readFrame(); // synchronize
        toClient.write(ServerPdus.tpkt(CLIP, new byte[] {1, 2, 3})); // not even a channel header
        toClient.write(ServerPdus.tpkt(CLIP, whole(new byte[] {2, 0, 0, 0, (byte) 0xFF, 0, 0, 0}))); // dataLen past the end
        toClient.write(ServerPdus.tpkt(CLIP, new ByteWriter().u32le(10).u32le(0).u32le(0).toByteArray())); // no first
        toClient.write(ServerPdus.tpkt(CLIP, whole(ClipboardPdu.write(ClipboardPdu.CB_CLIP_CAPS, 0, new ByteWriter()
                .u16le(1).u16le(0).u16le(1).u16le(12).u32le(2).u32le(2).toByteArray()))));
        toClient.write(ServerPdus.tpkt(CLIP, whole(ClipboardPdu.write(ClipboardPdu.CB_MONITOR_READY, 0, new byte[0]))));
        assertEquals(ClipboardPdu.CB_CLIP_CAPS, clipboardMessageType(readFrame()));
        assertEquals(ClipboardPdu.CB_FORMAT_LIST, clipboardMessageType(readFrame()));

        byte[] formats = new ByteWriter().u32le(13).u16le(0).toByteArray();
        toClient.write(ServerPdus.tpkt(CLIP, whole(ClipboardPdu.write(ClipboardPdu.CB_FORMAT_LIST, 0, formats))));
        assertEquals(ClipboardPdu.CB_FORMAT_LIST_RESPONSE, clipboardMessageType(readFrame()));
        assertEquals(ClipboardPdu.CB_FORMAT_DATA_REQUEST, clipboardMessageType(readFrame()));
        String text = "copied on the desktop ".repeat(200); // 8.8 kB: six chunks
        byte[] response = ClipboardPdu.write(ClipboardPdu.CB_FORMAT_DATA_RESPONSE, ClipboardPdu.CB_RESPONSE_OK,
                (text + "\0").getBytes(StandardCharsets.UTF_16LE));
        for (byte[] chunk : ChannelPdu.chunks(response, 1600, true)) {
            toClient.write(ServerPdus.tpkt(CLIP, chunk));
        }
        waitFor("clipboard " + text);
        assertTrue(session.isOpen());
    }

    /** A channel message in one chunk. */
    private static byte[] whole(byte[] message) {
        return ChannelPdu.chunks(message, 1600, false).get(0);
    }

    /** The msgType of a single-chunk clipboard message in a client frame, after checking it went to the channel. */
    private static int clipboardMessageType(byte[] frame) {
        assertEquals(25 << 2, frame[7] & 0xFF, "MCS Send Data Request");
        assertEquals(CLIP, (frame[10] & 0xFF) << 8 | frame[11] & 0xFF, "channel id");
        int header = 13 + ((frame[13] & 0x80) != 0 ? 2 : 1);
        assertEquals(ChannelPdu.CHANNEL_FLAG_FIRST | ChannelPdu.CHANNEL_FLAG_LAST,
                frame[header + 4] & ChannelPdu.CHANNEL_FLAG_FIRST | frame[header + 4] & ChannelPdu.CHANNEL_FLAG_LAST);
        return frame[header + 8] & 0xFF | (frame[header + 9] & 0xFF) << 8;
    }

    private void startWith(RecordingListener l) throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        server = listening.accept();
        fromClient = new DataInputStream(server.getInputStream());
        toClient = server.getOutputStream();
        session = new Session(SETTINGS, RdpTransport.over(client), 1007, IO, l, BitmapDecoder.STANDARD);
        Thread.ofVirtual().start(session);
    }

    private void activate(int width, int height) throws Exception {
        send(ServerPdus.licenseRequest());
        byte[] reply = readFrame();
        assertEquals(0x80, reply[15] & 0xFF, "the client answers the License Request with a licensing PDU");
        send(ServerPdus.licenseValidClient());
        send(ServerPdus.demandActive(SHARE, width, height, 16));
        finalizeActivation();
        session.activation().get(5, TimeUnit.SECONDS);
    }

    /** Reads Confirm Active and the four finalization PDUs, then sends the server's Font Map. */
    private void finalizeActivation() throws IOException {
        byte[] confirm = readFrame();
        assertEquals(0x13, confirm[17] & 0xFF, "Confirm Active (after TPKT, X.224, MCS and share control length)");
        for (int i = 0; i < 4; i++) {
            readFrame();
        }
        send(ServerPdus.data(SHARE, ShareData.FONT_MAP, new byte[8]));
    }

    private void send(byte[] ioChannelData) throws IOException {
        toClient.write(ServerPdus.tpkt(IO, ioChannelData));
    }

    /** One TPKT or fast-path frame from the client, whole. */
    private byte[] readFrame() throws IOException {
        server.setSoTimeout(5000);
        int first = fromClient.readUnsignedByte();
        int len;
        byte[] head;
        if (first == 3) {
            head = new byte[] {3, fromClient.readByte(), fromClient.readByte(), fromClient.readByte()};
            len = (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        } else {
            int b1 = fromClient.readUnsignedByte();
            head = new byte[] {(byte) first, (byte) b1};
            len = b1;
        }
        byte[] frame = new byte[len];
        System.arraycopy(head, 0, frame, 0, head.length);
        fromClient.readFully(frame, head.length, len - head.length);
        return frame;
    }

    private void waitFor(String event) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!listener.events.contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(listener.events.contains(event), "no '" + event + "' in " + listener.events);
    }
}
