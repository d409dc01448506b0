package io.gatehouse.shared.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.channel.ChannelPipedOutputStream;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The proxy's end of a service channel: MINA's client channel with the request in its open
 * message (as a forwarded-tcpip channel carries its addresses), and blocking streams once open.
 */
final class ServiceClientChannel extends AbstractClientChannel {
    private final byte[] request;

    ServiceClientChannel(byte[] request) {
        super(ServiceChannels.TYPE);
        this.request = request;
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        if (isClosing()) {
            throw new SshException("the tunnel is closing: " + state);
        }
        openFuture = new DefaultOpenFuture(this.toString(), futureLock);
        LocalWindow window = getLocalWindow();
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, request.length + 64);
        buffer.putString(getChannelType());
        buffer.putUInt(getChannelId());
        buffer.putUInt(window.getSize());
        buffer.putUInt(window.getPacketSize());
        buffer.putBytes(request);
        writePacket(buffer);
        return openFuture;
    }

    @Override
    protected void doOpen() throws IOException {
        invertedIn = new ChannelOutputStream(this, getRemoteWindow(), ServiceChannels.WRITE_STALL, log,
                SshConstants.SSH_MSG_CHANNEL_DATA, true);
        ChannelPipedInputStream pipe = new ChannelPipedInputStream(this, getLocalWindow());
        out = new ChannelPipedOutputStream(pipe);
        invertedOut = pipe;
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        if (out != null) {
            out.close(); // the reader sees the end of the agent's stream
        }
    }

    @Override
    protected void preClose() {
        try {
            if (out != null) {
                out.close(); // a reader blocked on the agent's data wakes up
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        super.preClose();
    }

    /** How long a read waits (zero: for ever); the decision frame is awaited with the open's timeout. */
    void readTimeout(java.time.Duration timeout) {
        ((ChannelPipedInputStream) invertedOut).setTimeout(timeout.toMillis());
    }

    ServiceChannels.Opened opened() {
        InputStream in = invertedOut;
        OutputStream o = invertedIn;
        return new ServiceChannels.Opened() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return o;
            }

            @Override
            public void close() {
                ServiceClientChannel.this.close(false);
            }
        };
    }
}
