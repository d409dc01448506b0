package io.gatehouse.proxy.sshjump;

import java.io.IOException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;

/**
 * MINA answers every refused channel with "Generic error while opening channel", which is all
 * the OpenSSH user would see. This connection service sends the refusal's own words instead
 * ("no role of alice gives a login on node 'db-1'"), which NodeChannel leaves on the session.
 */
final class ExplainedRefusals extends ServerConnectionServiceFactory {
    /** The reason for the channel being refused right now (channel opens are handled one at a time). */
    static final AttributeKey<String> REASON = new AttributeKey<>();

    @Override
    public Service create(Session session) throws IOException {
        var service = new ServerConnectionService((AbstractServerSession) session) {
            @Override
            protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reasonCode, String message,
                    String lang) throws IOException {
                String reason = session.removeAttribute(REASON);
                return super.sendChannelOpenFailure(buffer, sender, reasonCode, reason != null ? reason : message,
                        lang);
            }
        };
        service.addPortForwardingEventListenerManager(this);
        return service;
    }
}
