package io.gatehouse.proxy.desktop;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
    private final int maxFrame;
    /** Called once at the end: null when the agent closed normally, else what went wrong. */
    private final Consumer<String> ended;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    FrameReader(ClientChannel channel, ServerWebSocket ws, int maxFrame, Consumer<String> ended) {
        this.channel = channel;
        this.ws = ws;
        this.maxFrame = maxFrame;
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
            pending.write(got.array(), got.rpos(), got.available());
            String problem = deliver();
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
    private String deliver() {
        byte[] all = pending.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.remaining() >= 4) {
            int length = b.getInt(b.position());
            if (length < 1 || length > maxFrame) {
                return "the agent sent a malformed desktop stream (frame length " + Integer.toUnsignedString(length)
                        + ")";
            }
            if (b.remaining() < 4 + length) {
                break;
            }
            ws.writeBinaryMessage(Buffer.buffer().appendBytes(all, b.position() + 4, length));
            b.position(b.position() + 4 + length);
        }
        pending.reset();
        pending.write(all, b.position(), b.remaining());
        return null;
    }
}
