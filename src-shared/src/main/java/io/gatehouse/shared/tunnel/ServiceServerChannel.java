package io.gatehouse.shared.tunnel;

import java.io.IOException;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of a service channel (a channel the tunnel's peer, the proxy, opens): the request
 * is decided on a virtual thread, then the served session runs there on blocking streams.
 */
final class ServiceServerChannel extends AbstractServerChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceServerChannel.class);
    private final ServiceChannels.Server server;
    private volatile ChannelPipedInputStream in;

    ServiceServerChannel(ServiceChannels.Server server) {
        super("", java.util.List.of(), null);
        this.server = server;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        DefaultOpenFuture future = new DefaultOpenFuture(this, this);
        ServiceRequest request;
        try {
            request = ServiceRequest.parse(buffer.getBytes());
        } catch (IOException | RuntimeException e) {
            future.setException(new IOException("malformed service request: " + e.getMessage()));
            return future;
        }
        Thread.ofVirtual().name("service-" + request.service()).start(() -> decide(request, future));
        return future;
    }

    private void decide(ServiceRequest request, DefaultOpenFuture future) {
        // The channel opens at once and the decision is its first frame: MINA sends every open
        // failure with a generic description, so a reason for the person cannot travel in one.
        ChannelOutputStream out = new ChannelOutputStream(this, getRemoteWindow(), ServiceChannels.WRITE_STALL, LOG,
                SshConstants.SSH_MSG_CHANNEL_DATA, true);
        in = new ChannelPipedInputStream(this, getLocalWindow());
        signalChannelOpenSuccess();
        future.setOpened();
        try {
            ServiceChannels.Decision decision;
            try {
                decision = server.open(request);
            } catch (Exception e) {
                LOG.debug("service channel for {} '{}' failed", request.service(), request.resource(), e);
                decision = new ServiceChannels.Refused(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            ServiceChannels.writeDecision(out, decision);
            if (decision instanceof ServiceChannels.Serve serve) {
                serve.session().run(in, out);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("service channel for {} '{}' ended: {}", request.service(), request.resource(), e.toString());
        } finally {
            try {
                out.close(); // EOF to the proxy
            } catch (IOException ignored) {
                // the channel is gone already
            }
            close(false);
        }
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        ChannelPipedInputStream pipe = in;
        if (pipe == null) {
            throw new IOException("data on a service channel before it was open");
        }
        pipe.receive(data, off, (int) len); // the pipe consumes the local window as the session reads
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("service channels carry no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        ChannelPipedInputStream pipe = in;
        if (pipe != null) {
            pipe.eof();
        }
    }

    @Override
    protected void preClose() {
        ChannelPipedInputStream pipe = in;
        if (pipe != null) {
            pipe.eof(); // a session blocked reading wakes up
        }
        super.preClose();
    }
}
