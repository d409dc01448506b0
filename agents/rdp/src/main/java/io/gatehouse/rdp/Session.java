package io.gatehouse.rdp;

import io.gatehouse.rdp.RdpClosed.Reason;
import io.gatehouse.rdp.channel.ChannelPdu;
import io.gatehouse.rdp.channel.StaticChannel;
import io.gatehouse.rdp.clipboard.Clipboard;
import io.gatehouse.rdp.connection.ConfirmActive;
import io.gatehouse.rdp.connection.DemandActive;
import io.gatehouse.rdp.connection.Finalization;
import io.gatehouse.rdp.connection.Licensing;
import io.gatehouse.rdp.connection.McsDomain;
import io.gatehouse.rdp.connection.ShareControl;
import io.gatehouse.rdp.connection.ShareData;
import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.input.FastPathInput;
import io.gatehouse.rdp.output.BitmapDecoder;
import io.gatehouse.rdp.output.ErrorInfo;
import io.gatehouse.rdp.output.FastPathOutput;
import io.gatehouse.rdp.output.ScreenUpdates;
import io.gatehouse.rdp.output.SessionInfo;
import io.gatehouse.rdp.transport.Frame;
import io.gatehouse.rdp.transport.RdpTransport;
import io.gatehouse.rdp.wire.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader side of a connection, from licensing on: one dispatcher over the server's PDUs with a
 * state guard, one handler per PDU kind. Runs on its own (virtual) thread until the connection
 * ends, then reports once: to {@link #activation()} if the session never became active, else to
 * the listener's onClosed.
 *
 * <pre>
 *   LICENSING --license ok--> AWAITING_DEMAND_ACTIVE --Demand Active / Confirm Active--> FINALIZING
 *   FINALIZING --Font Map--> ACTIVE (onConnected) --Deactivate All--> AWAITING_DEMAND_ACTIVE
 * </pre>
 *
 * Static virtual channel data goes by channel id to its handler: the clipboard ({@link Clipboard},
 * which ignores what it cannot parse, so a bad clipboard PDU never ends the session).
 */
final class Session implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final int MULTIFRAGMENT_MAX = 0x200000;

    enum State { LICENSING, AWAITING_DEMAND_ACTIVE, FINALIZING, ACTIVE }

    private final RdpSettings settings;
    private final RdpTransport transport;
    private final int userId;
    private final int ioChannel;
    /** The clipboard channel's id, 0 if the server gave none. */
    private final int clipboardChannel;
    private final Clipboard clipboard;
    private final RdpListener listener;
    private final ScreenUpdates screen;
    private final FastPathOutput fastPath = new FastPathOutput(MULTIFRAGMENT_MAX);
    private final LogonWatch logon;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final CompletableFuture<Void> activation = new CompletableFuture<>();
    private final AtomicReference<RdpClosed> ending = new AtomicReference<>();
    private volatile State state = State.LICENSING;
    private volatile long shareId;
    private volatile int width;
    private volatile int height;
    /** Chunk size for what the client sends on virtual channels (the server's VCChunkSize, 2.2.7.1.10). */
    private volatile int channelChunkLength = ChannelPdu.DEFAULT_CHUNK_LENGTH;
    private long lastErrorInfo;

    /** A session without static virtual channels. */
    Session(RdpSettings settings, RdpTransport transport, int userId, int ioChannel, RdpListener listener,
            BitmapDecoder decoder) {
        this(settings, transport, userId, ioChannel, 0, listener, decoder);
    }

    Session(RdpSettings settings, RdpTransport transport, int userId, int ioChannel, int clipboardChannel,
            RdpListener listener, BitmapDecoder decoder) {
        this.settings = settings;
        this.transport = transport;
        this.userId = userId;
        this.ioChannel = ioChannel;
        this.clipboardChannel = clipboardChannel;
        this.clipboard = clipboardChannel == 0 ? null
                : new Clipboard(m -> sendOnChannel(clipboardChannel, StaticChannel.CLIPBOARD, m), listener::onClipboardText);
        this.listener = listener;
        this.logon = new LogonWatch(settings, this, listener);
        this.screen = new ScreenUpdates(new WatchedListener(listener, logon), decoder);
        this.width = settings.width();
        this.height = settings.height();
    }

    /** Completes when the session first becomes active; fails with an RdpConnectException if it never does. */
    CompletableFuture<Void> activation() {
        return activation;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    long shareId() {
        return shareId;
    }

    /** The clipboard, if the server gave the channel. */
    Optional<Clipboard> clipboard() {
        return Optional.ofNullable(clipboard);
    }

    boolean isOpen() {
        return ending.get() == null;
    }

    /** Ends the connection for {@code why} (the first reason given wins); the reader then reports it. */
    void end(RdpClosed why) {
        if (ending.compareAndSet(null, why)) {
            log.debug("ending the RDP session: {}", why.reason());
        }
        try {
            transport.close();
        } catch (IOException e) {
            log.debug("closing the RDP socket: {}", e.toString());
        }
    }

    @Override
    public void run() {
        RdpClosed why;
        try {
            while (true) {
                Frame f = transport.readFrame();
                if (f instanceof Frame.Tpkt t) {
                    onTpkt(t.payload());
                } else if (f instanceof Frame.FastPath fp) {
                    onFastPath(fp);
                }
            }
        } catch (EOFException e) {
            why = serverEnded("the desktop closed the connection");
        } catch (java.net.SocketTimeoutException e) {
            why = new RdpClosed(Reason.NETWORK, "the desktop at " + settings.host() + ":" + settings.port()
                    + " did not answer within " + settings.timeout().toSeconds() + " s");
        } catch (IOException e) {
            why = new RdpClosed(Reason.NETWORK, "the connection to the desktop failed: " + e.getMessage());
        } catch (RdpProtocolException e) {
            why = new RdpClosed(Reason.PROTOCOL, "the desktop sent a malformed PDU: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("RDP session listener or handler failed", e);
            why = new RdpClosed(Reason.PROTOCOL, "the RDP session failed: " + e);
        }
        end(why);
        logon.stop();
        report(ending.get());
    }

    private void report(RdpClosed why) {
        if (!activation.isDone()) {
            activation.completeExceptionally(ConnectFailure.of(why));
            return;
        }
        try {
            listener.onClosed(why);
        } catch (RuntimeException e) {
            log.warn("RDP listener onClosed failed", e);
        }
    }

    private RdpClosed serverEnded(String what) {
        if (lastErrorInfo != ErrorInfo.NONE && ErrorInfo.isLogonFailure(lastErrorInfo)) {
            return new RdpClosed(Reason.LOGON_FAILED, "the desktop refused the login '" + settings.username() + "': "
                    + ErrorInfo.message(lastErrorInfo));
        }
        if (lastErrorInfo != ErrorInfo.NONE) {
            return new RdpClosed(Reason.SERVER_DISCONNECTED, ErrorInfo.message(lastErrorInfo));
        }
        return new RdpClosed(Reason.SERVER_DISCONNECTED, what);
    }

    private void onTpkt(byte[] payload) throws IOException, RdpProtocolException {
        ByteReader mcs = X224.unwrapData(payload);
        if (mcs == null) {
            throw new EOFException("X.224 Disconnect Request");
        }
        switch (McsDomain.parse(mcs)) {
            case McsDomain.SendData d when d.channelId() == ioChannel -> onIoChannel(d.data());
            case McsDomain.SendData d when clipboard != null && d.channelId() == clipboardChannel ->
                    clipboard.onChunk(d.data());
            case McsDomain.SendData d -> log.debug("ignoring {} bytes on channel {}", d.data().remaining(), d.channelId());
            case McsDomain.Disconnect d -> end(serverEnded("the desktop disconnected (MCS reason " + d.reason() + ")"));
            case McsDomain.Other o -> log.debug("ignoring MCS PDU type {}", o.type());
        }
    }

    private void onIoChannel(ByteReader r) throws IOException, RdpProtocolException {
        if (state == State.LICENSING) {
            ByteReader sec = r.copy();
            int flags = sec.u16le("security header flags");
            if ((flags & Licensing.SEC_LICENSE_PKT) != 0) {
                sec.u16le("security header flagsHi");
                onLicensing(sec);
                return;
            }
            state = State.AWAITING_DEMAND_ACTIVE; // a server that skips licensing goes straight to Demand Active
        }
        while (r.hasRemaining()) {
            ShareControl pdu = ShareControl.read(r);
            switch (pdu.pduType()) {
                case ShareControl.DEMAND_ACTIVE -> onDemandActive(DemandActive.parse(pdu.body()));
                case ShareControl.DEACTIVATE_ALL -> onDeactivateAll();
                case ShareControl.DATA -> onData(ShareData.parse(pdu.body()));
                case ShareControl.SERVER_REDIRECT -> end(new RdpClosed(Reason.PROTOCOL,
                        "the desktop redirects the session to another server, which Gatehouse does not support"));
                default -> log.debug("ignoring share control PDU type {}", pdu.pduType());
            }
        }
    }

    private void onLicensing(ByteReader r) throws IOException, RdpProtocolException {
        Licensing.Outcome outcome = Licensing.parse(r, settings.username(), ConnectionSequence.CLIENT_NAME, random);
        if (outcome.reply() != null) {
            log.debug("answering the license request");
            send(outcome.reply());
            return;
        }
        if (!outcome.done()) {
            end(new RdpClosed(Reason.PROTOCOL, outcome.problem()));
            return;
        }
        log.debug("licensing done");
        state = State.AWAITING_DEMAND_ACTIVE;
    }

    /** Capability exchange (MS-RDPBCGR 1.3.1.1 phase 9) and finalization (phase 10), first time or again. */
    private void onDemandActive(DemandActive demand) throws IOException {
        shareId = demand.shareId();
        channelChunkLength = ChannelPdu.chunkLength(demand.channelChunkSize());
        width = demand.width();
        height = demand.height();
        log.debug("Demand Active: {}x{} at {} bpp, input flags 0x{}", width, height, demand.colorDepth(),
                Integer.toHexString(demand.inputFlags()));
        int depth = demand.colorDepth() == 0 ? settings.colorDepth() : demand.colorDepth();
        send(ConfirmActive.pdu(shareId, userId, width, height, depth, settings.bitmapCompression()));
        for (byte[] pdu : Finalization.pdus(shareId, userId)) {
            send(pdu);
        }
        state = State.FINALIZING;
    }

    private void onDeactivateAll() {
        log.debug("Deactivate All: waiting for a new Demand Active");
        state = State.AWAITING_DEMAND_ACTIVE;
        logon.onDeactivated();
    }

    private void onData(ShareData data) throws IOException, RdpProtocolException {
        ByteReader r = data.payload();
        switch (data.pduType2()) {
            case ShareData.UPDATE -> screen.slowPathUpdate(r);
            case ShareData.POINTER -> screen.slowPathPointer(r);
            case ShareData.FONT_MAP -> onActivated();
            case ShareData.SET_ERROR_INFO -> onErrorInfo(r.u32le("errorInfo"));
            case ShareData.SAVE_SESSION_INFO -> logon.onSaveSessionInfo(SessionInfo.parse(r));
            case ShareData.SHUTDOWN_DENIED -> log.debug("the desktop denied the shutdown request");
            default -> log.trace("ignoring data PDU type 0x{}", Integer.toHexString(data.pduType2()));
        }
    }

    private void onErrorInfo(long code) {
        log.debug("Set Error Info 0x{}", Long.toHexString(code));
        if (code != ErrorInfo.NONE) {
            lastErrorInfo = code;
        }
    }

    private void onActivated() throws IOException {
        if (state != State.FINALIZING) {
            log.debug("Font Map in state {}: ignored", state);
            return;
        }
        state = State.ACTIVE;
        // Each step of the connection had the settings' timeout; an idle desktop may now be quiet for hours.
        // Set here, between reads, because a change does not reach a read already waiting.
        transport.setReadTimeout(java.time.Duration.ZERO);
        // 2.2.8.1.2.2.5: tell the server the toggle keys are all off, as mstsc does after activation.
        transport.send(FastPathInput.pdu(FastPathInput.synchronize(0)));
        listener.onConnected(width, height);
        logon.onActivated(width, height);
        activation.complete(null);
    }

    private void onFastPath(Frame.FastPath fp) throws RdpProtocolException {
        for (FastPathOutput.Update u : fastPath.parse(fp.header(), fp.body())) {
            screen.fastPath(u);
        }
    }

    /** Sends one virtual channel message, chunked (MS-RDPBCGR 3.1.5.2.1); the caller keeps messages apart. */
    private void sendOnChannel(int channelId, StaticChannel channel, byte[] message) throws IOException {
        for (byte[] chunk : ChannelPdu.chunks(message, channelChunkLength, channel.showsProtocol())) {
            transport.sendTpkt(X224.data(McsDomain.sendDataRequest(userId, channelId, chunk)));
        }
    }

    /** Sends a share control PDU on the I/O channel. */
    void send(byte[] shareControlPdu) throws IOException {
        transport.sendTpkt(X224.data(McsDomain.sendDataRequest(userId, ioChannel, shareControlPdu)));
    }
}
