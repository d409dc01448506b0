package io.gatehouse.rdp;

import io.gatehouse.rdp.RdpConnectException.Reason;
import io.gatehouse.rdp.connection.ClientData;
import io.gatehouse.rdp.connection.ClientInfo;
import io.gatehouse.rdp.connection.McsConnect;
import io.gatehouse.rdp.connection.McsDomain;
import io.gatehouse.rdp.connection.ServerData;
import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.transport.Frame;
import io.gatehouse.rdp.transport.RdpTransport;
import io.gatehouse.rdp.wire.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection sequence up to and including the Client Info PDU (MS-RDPBCGR 1.3.1.1 phases 1-5):
 * X.224 negotiation, TLS, optional NLA, MCS connect, domain, channel joins, credentials. Licensing
 * and capability exchange follow on the reader thread ({@link Session}), because the server may
 * repeat the capability exchange at any time later.
 */
final class ConnectionSequence {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSequence.class);
    static final String CLIENT_NAME = "gatehouse";

    record Result(ServerData server, int userId, X509Certificate certificate, int protocol) {
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException, RdpProtocolException;
    }

    private final RdpSettings settings;
    private final RdpTransport transport;

    ConnectionSequence(RdpSettings settings, RdpTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    Result run() throws RdpConnectException {
        int protocol = step("security negotiation", this::negotiate);
        if (settings.trust() instanceof ServerTrust.InsecureSkipVerify) {
            log.warn("NOT verifying the TLS certificate of {} (insecure_skip_verify): whoever answers at that address"
                    + " receives the password of '{}'", where(), settings.username());
        }
        X509Certificate cert = step("the TLS handshake", () -> transport.startTls(settings.trust()));
        if (protocol == X224.PROTOCOL_HYBRID || protocol == X224.PROTOCOL_HYBRID_EX) {
            Nla.authenticate(settings, transport, cert, protocol);
        }
        ServerData server = step("the MCS connect", () -> mcsConnect(protocol));
        if (server.encryptionMethod() != 0) {
            throw new RdpConnectException(Reason.NEGOTIATION, "the desktop wants standard RDP encryption inside TLS"
                    + " (method " + server.encryptionMethod() + "), which Gatehouse does not support");
        }
        int userId = step("the MCS channel joins", () -> attachAndJoin(server));
        step("sending the credentials", () -> {
            send(userId, server.ioChannelId(),
                    ClientInfo.pdu(settings.domain(), settings.username(), settings.password()));
            return null;
        });
        return new Result(server, userId, cert, protocol);
    }

    private int negotiate() throws IOException, RdpProtocolException, RdpConnectException {
        transport.sendTpkt(X224.connectionRequest(settings.username(), settings.security().requested()));
        X224.Negotiation n = X224.parseConnectionConfirm(readTpkt());
        if (n.failed() && n.failureCode() == X224.SSL_REQUIRED_BY_SERVER
                && settings.security() == RdpSettings.Security.NLA) {
            throw new RdpConnectException(Reason.NEGOTIATION, where() + " accepts only TLS security (no Network Level"
                    + " Authentication), but NLA is required for it; turn NLA on at the desktop, or allow TLS for it");
        }
        if (n.failed()) {
            throw new RdpConnectException(Reason.NEGOTIATION, where() + ": " + X224.failureMessage(n.failureCode()));
        }
        int p = n.selectedProtocol();
        if (settings.security() == RdpSettings.Security.NLA && p == X224.PROTOCOL_SSL) {
            // A downgrade: the settings say this desktop has NLA; TLS-only would put the password in the Client Info PDU.
            throw new RdpConnectException(Reason.NEGOTIATION, where() + " answered with TLS-only security although"
                    + " Network Level Authentication is required for it; nothing was sent. Either NLA was turned off"
                    + " on the desktop, or something between the agent and the desktop rewrote the negotiation");
        }
        if (!settings.security().accepts(p)) {
            throw new RdpConnectException(Reason.NEGOTIATION, where() + (p == X224.PROTOCOL_RDP
                    ? " offers only standard RDP security, which Gatehouse does not support; configure the desktop"
                    + " for TLS or NLA"
                    : " selected security protocol " + p + ", which was not offered (security: "
                    + settings.security().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
        log.debug("{} selected security protocol {}", where(), p);
        return p;
    }

    private ServerData mcsConnect(int protocol) throws IOException, RdpProtocolException {
        byte[] blocks = ClientData.blocks(settings, protocol, CLIENT_NAME);
        transport.sendTpkt(X224.data(McsConnect.connectInitial(blocks)));
        ServerData server = McsConnect.parseConnectResponse(readMcs());
        log.debug("MCS connected: I/O channel {}, static channels {}", server.ioChannelId(), server.staticChannelIds());
        return server;
    }

    private int attachAndJoin(ServerData server) throws IOException, RdpProtocolException {
        transport.sendTpkt(X224.data(McsDomain.erectDomainRequest()));
        transport.sendTpkt(X224.data(McsDomain.attachUserRequest()));
        int userId = McsDomain.parseAttachUserConfirm(readMcs());
        List<Integer> channels = new ArrayList<>();
        channels.add(userId);
        channels.add(server.ioChannelId());
        server.staticChannelIds().stream().filter(id -> id != 0).forEach(channels::add);
        if (server.messageChannelId() != 0) {
            channels.add(server.messageChannelId());
        }
        // One request at a time: some servers (xrdp among them) answer joins strictly in order.
        for (int channel : channels) {
            transport.sendTpkt(X224.data(McsDomain.channelJoinRequest(userId, channel)));
            McsDomain.parseChannelJoinConfirm(readMcs(), channel);
        }
        return userId;
    }

    private void send(int userId, int channel, byte[] data) throws IOException {
        transport.sendTpkt(X224.data(McsDomain.sendDataRequest(userId, channel, data)));
    }

    private byte[] readTpkt() throws IOException, RdpProtocolException {
        Frame f = transport.readFrame();
        if (f instanceof Frame.Tpkt t) {
            return t.payload();
        }
        throw new RdpProtocolException("connection sequence: a fast-path PDU arrived before the session was active");
    }

    private ByteReader readMcs() throws IOException, RdpProtocolException {
        ByteReader r = X224.unwrapData(readTpkt());
        if (r == null) {
            throw new EOFException("the desktop sent an X.224 Disconnect Request");
        }
        return r;
    }

    private String where() {
        return "the desktop at " + settings.host() + ":" + settings.port();
    }

    /** Runs a step, turning what can go wrong into an RdpConnectException that names the step. */
    private <T> T step(String what, Step<T> body) throws RdpConnectException {
        try {
            return body.run();
        } catch (RdpConnectException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw new RdpConnectException(Reason.TIMEOUT, where() + " did not answer within "
                    + settings.timeout().toSeconds() + " s during " + what, e);
        } catch (SSLException e) {
            throw new RdpConnectException(Reason.TLS, "TLS with " + where() + " failed: " + e.getMessage(), e);
        } catch (EOFException | SocketException e) {
            throw new RdpConnectException(Reason.PROTOCOL, where() + " closed the connection during " + what
                    + (what.equals("security negotiation") ? " (is it an RDP server?)" : "") + ": " + e.getMessage(), e);
        } catch (RdpProtocolException e) {
            throw new RdpConnectException(Reason.PROTOCOL, where() + " sent a malformed PDU during " + what + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new RdpConnectException(Reason.PROTOCOL, what + " with " + where() + " failed: " + e.getMessage(), e);
        }
    }
}
