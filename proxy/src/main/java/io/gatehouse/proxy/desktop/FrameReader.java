package io.gatehouse.proxy.desktop;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The agent's length-prefixed frames, out of the channel's byte stream, each sent as one
 * WebSocket message. The next read waits while the WebSocket's queue is full, so the SSH window
 * closes and the agent's sender blocks: a slow browser slows the screen, not the proxy's memory.
 */
final class FrameReader {
    private final ClientChannel channel;
    private final ServerWebSocket ws;
    /** Called once at the end: null when the agent closed normally, else what went wrong. */
    private final Consumer<String> ended;
    private final FrameSplitter splitter;

    FrameReader(ClientChannel channel, ServerWebSocket ws, int maxFrame, Consumer<String> ended) {
        this.channel = channel;
        this.ws = ws;
        this.splitter = new FrameSplitter(maxFrame);
        this.ended = ended;
    }

    void start() {
        read();
    }

    private void read() {
        channel.getAsyncOut().read(new ByteArrayBuffer(64 * 1024)).addListener(done -> {
            if (done.getException() != null || done.getRead() < 0) {
                ended.accept(done.getException() == null ? null : "the connection to the agent was lost ("
                        + done.getException().getMessage() + ")");
                return;
            }
            org.apache.sshd.common.util.buffer.Buffer got = done.getBuffer();
            String problem = deliver(got.array(), got.rpos(), got.available());
            if (problem != null) {
                ended.accept(problem);
                return;
            }
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> read());
            } else {
                read();
            }
        });
    }

    /** Sends every complete frame; keeps the rest. */
    private String deliver(byte[] bytes, int offset, int length) {
        try {
            for (byte[] frame : splitter.accept(bytes, offset, length)) {
                ws.writeBinaryMessage(Buffer.buffer(frame));
            }
            return null;
        } catch (FrameSplitter.MalformedStream e) {
            return e.getMessage();
        }
    }
}
