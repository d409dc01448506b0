package io.gatehouse.proxy.browser;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An SSH channel's output to the page as binary messages, sent from the SSH I/O thread that read
 * it. The next read waits while the socket's write queue is full, so the SSH window closes and the
 * target slows down: a slow browser slows the target, not the proxy's memory.
 */
public final class ChannelOutput {
    /** Cuts what one read brought into the page's messages (the rest may wait for the next read). */
    @FunctionalInterface
    public interface Messages {
        List<byte[]> cut(byte[] bytes, int offset, int length) throws IOException;
    }

    private final BrowserSocket socket;
    private final ClientChannel channel;
    private final int readSize;
    private final Messages messages;
    /** Called once at the end: null when the channel ended, else what went wrong (a read's or the cut's error). */
    private final Consumer<String> ended;

    public ChannelOutput(BrowserSocket socket, ClientChannel channel, int readSize, Messages messages,
            Consumer<String> ended) {
        this.socket = socket;
        this.channel = channel;
        this.readSize = readSize;
        this.messages = messages;
        this.ended = ended;
    }

    /** Each read, whole, as one message (a terminal's bytes). */
    public static List<byte[]> asRead(byte[] bytes, int offset, int length) {
        return List.of(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public void start() {
        read();
    }

    private void read() {
        if (socket.isClosed()) {
            return;
        }
        channel.getAsyncOut().read(new ByteArrayBuffer(readSize)).addListener(done -> {
            if (done.getException() != null || done.getRead() < 0) {
                ended.accept(done.getException() == null ? null : String.valueOf(done.getException().getMessage()));
                return;
            }
            org.apache.sshd.common.util.buffer.Buffer got = done.getBuffer();
            ServerWebSocket ws = socket.ws();
            try {
                for (byte[] message : messages.cut(got.array(), got.rpos(), got.available())) {
                    ws.writeBinaryMessage(Buffer.buffer(message));
                }
            } catch (IOException e) {
                ended.accept(e.getMessage());
                return;
            } catch (IllegalStateException e) {
                return; // the page closed the socket meanwhile; its clean-up closes the channel
            }
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> read());
            } else {
                read();
            }
        });
    }
}
