package io.gatehouse.rdp.clipboard;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.channel.ChannelReassembler;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Capabilities;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Format;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataRequest;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatDataResponse;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatList;
import io.gatehouse.rdp.clipboard.ClipboardPdu.FormatListResponse;
import io.gatehouse.rdp.clipboard.ClipboardPdu.MonitorReady;
import io.gatehouse.rdp.clipboard.ClipboardPdu.Other;
import io.gatehouse.rdp.wire.ByteReader;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of the clipboard channel (MS-RDPECLIP 1.3.2.1), text only (CF_UNICODETEXT).
 *
 * <pre>
 *   AWAITING_MONITOR_READY --Monitor Ready / our Capabilities + Format List--> READY
 *   READY: server Format List        -> Format List Response OK, Format Data Request(13) if it has text
 *          server Format Data Response -> onText
 *          server Format Data Request  -> our text (offerText) or FAIL
 *          offerText                   -> Format List with CF_UNICODETEXT
 * </pre>
 *
 * A malformed clipboard PDU is logged and ignored; it never ends the session. Clipboard content is
 * never logged (it may be a password), only its size. Thread-safe: the reader thread feeds chunks
 * while any thread may offer text; a lock keeps one message's chunks together on the channel.
 */
public final class Clipboard {
    private static final Logger log = LoggerFactory.getLogger(Clipboard.class);
    /** The most text that crosses in either direction, in UTF-16 code units (1 Mi: 2 MiB on the wire). */
    public static final int MAX_TEXT_CHARS = 1 << 20;
    /** The largest channel message taken in: the most text, its NUL, the header, and room for a format list. */
    static final int MAX_MESSAGE = MAX_TEXT_CHARS * 2 + 2 + 4096;
    /** A data request the server has not answered in this long is given up, so the next one may go. */
    private static final long REQUEST_PATIENCE_NANOS = 10_000_000_000L;

    /** Sends one whole clipboard message on the channel (chunking is the sender's business). */
    @FunctionalInterface
    public interface MessageSender {
        void send(byte[] message) throws IOException;
    }

    enum State { AWAITING_MONITOR_READY, READY }

    private final MessageSender sender;
    private final Consumer<String> onText;
    private final ChannelReassembler reassembler = new ChannelReassembler(MAX_MESSAGE);
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.AWAITING_MONITOR_READY;
    private boolean longNames;
    /** The text this side offers, null when the remote side owns the clipboard. */
    private String localText;
    /** When the outstanding Format Data Request went out (System.nanoTime), 0 if none. */
    private long requestedAt;
    /** A Format List with text came while a request was outstanding: ask again after its answer. */
    private boolean askAgain;

    /** {@code onText} hears the text of each remote copy (on the reader thread). */
    public Clipboard(MessageSender sender, Consumer<String> onText) {
        this.sender = sender;
        this.onText = onText;
    }

    /** One chunk from the channel (CHANNEL_PDU_HEADER and data). IOException only when a reply cannot be sent. */
    public void onChunk(ByteReader chunk) throws IOException {
        Optional<byte[]> message;
        try {
            message = reassembler.accept(chunk);
        } catch (RdpProtocolException e) {
            log.info("ignoring a malformed clipboard channel chunk: {}", e.getMessage());
            return;
        }
        if (message.isPresent()) {
            onMessage(message.get());
        }
    }

    /** One whole clipboard message. */
    void onMessage(byte[] message) throws IOException {
        lock.lock();
        try {
            ClipboardPdu pdu;
            try {
                pdu = ClipboardPdu.parse(new ByteReader(message, "clipboard PDU"), longNames);
            } catch (RdpProtocolException e) {
                log.info("ignoring a malformed clipboard PDU: {}", e.getMessage());
                return;
            }
            handle(pdu);
        } finally {
            lock.unlock();
        }
    }

    private void handle(ClipboardPdu pdu) throws IOException {
        switch (pdu) {
            case Capabilities c -> onCapabilities(c);
            case MonitorReady m -> onMonitorReady();
            case FormatList f -> onFormatList(f);
            case FormatListResponse r -> log.debug("the desktop {} our format list", r.ok() ? "took" : "refused");
            case FormatDataRequest q -> onFormatDataRequest(q);
            case FormatDataResponse d -> onFormatDataResponse(d);
            case Other o -> log.debug("ignoring clipboard PDU type {}", o.msgType());
        }
    }

    /**
     * Puts {@code text} on the remote clipboard: offers it now if the channel is ready, else as soon
     * as the server says it is. Text over {@link #MAX_TEXT_CHARS} is cut there (logged).
     */
    public void offerText(String text) throws IOException {
        String capped = cap(Objects.requireNonNull(text, "text"));
        lock.lock();
        try {
            localText = capped;
            if (state == State.READY) {
                sendFormatList();
            } else {
                log.debug("clipboard text kept until the desktop's clipboard is ready");
            }
        } finally {
            lock.unlock();
        }
    }

    private static String cap(String text) {
        if (text.length() <= MAX_TEXT_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
        log.info("clipboard text of {} characters cut to {} (the limit)", text.length(), end);
        return text.substring(0, end);
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** 2.2.2.1: the server's capabilities; long format names only if both sides have them. */
    private void onCapabilities(Capabilities c) {
        longNames = c.longFormatNames();
        log.debug("desktop clipboard capabilities: version {}, flags 0x{}", c.version(), Long.toHexString(c.generalFlags()));
    }

    /** 1.3.2.1: answer Monitor Ready with our capabilities and what our clipboard holds. */
    private void onMonitorReady() throws IOException {
        sender.send(ClipboardPdu.capabilities(ClipboardPdu.CB_USE_LONG_FORMAT_NAMES));
        state = State.READY;
        sendFormatList();
    }

    private void sendFormatList() throws IOException {
        List<Format> formats = localText == null ? List.of() : List.of(new Format(ClipboardPdu.CF_UNICODETEXT, ""));
        sender.send(ClipboardPdu.formatList(formats, longNames));
    }

    /** 3.2.5.2.2 / 3.1.5.2.2: the remote side copied; it now owns the clipboard. */
    private void onFormatList(FormatList list) throws IOException {
        sender.send(ClipboardPdu.formatListResponse(true));
        localText = null;
        if (!list.offers(ClipboardPdu.CF_UNICODETEXT)) {
            log.debug("the desktop's clipboard holds no text ({} formats)", list.formats().size());
            return;
        }
        if (requestedAt != 0 && System.nanoTime() - requestedAt < REQUEST_PATIENCE_NANOS) {
            askAgain = true; // 3.1.1.1: one data request at a time
            return;
        }
        requestText();
    }

    private void requestText() throws IOException {
        sender.send(ClipboardPdu.formatDataRequest(ClipboardPdu.CF_UNICODETEXT));
        requestedAt = System.nanoTime();
        askAgain = false;
    }

    /** 3.1.5.4.4: the desktop wants our text (the only format we offer). */
    private void onFormatDataRequest(FormatDataRequest q) throws IOException {
        if (q.formatId() != ClipboardPdu.CF_UNICODETEXT || localText == null) {
            log.debug("the desktop asked for clipboard format {}, which we do not hold", q.formatId());
            sender.send(ClipboardPdu.formatDataResponse(null));
            return;
        }
        sender.send(ClipboardPdu.formatDataResponse(UnicodeText.encode(localText)));
        log.debug("sent {} characters of clipboard text", localText.length());
    }

    /** 3.1.5.4.5: the text we asked for. */
    private void onFormatDataResponse(FormatDataResponse d) throws IOException {
        if (requestedAt == 0) {
            log.debug("ignoring a clipboard data response nobody asked for");
            return;
        }
        requestedAt = 0;
        if (!d.ok()) {
            log.debug("the desktop could not give its clipboard text");
        } else {
            deliver(d.data());
        }
        if (askAgain) {
            requestText();
        }
    }

    private void deliver(byte[] utf16) {
        String text;
        try {
            text = UnicodeText.decode(utf16, MAX_TEXT_CHARS);
        } catch (RdpProtocolException e) {
            log.info("ignoring clipboard text: {}", e.getMessage());
            return;
        }
        log.debug("received {} characters of clipboard text", text.length());
        try {
            onText.accept(text);
        } catch (RuntimeException e) {
            log.warn("the clipboard text listener failed", e);
        }
    }
}
