package io.gatehouse.shared.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's half of the handshake against a real MINA server speaking the proxy's side of
 * TunnelProtocol: what arrives there, in which order, and what a refusal does to the session.
 */
class TunnelHandshakeTest {
    private static final String GOOD_CERTIFICATE = "ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA-the-agents-own";

    private final KeyPair agentKey = Keys.generateEcdsaP256();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private SshServer server;
    private SshClient client;

    @BeforeEach
    void start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(Keys.generateEcdsaP256()));
        server.setPublickeyAuthenticator((user, key, session) -> {
            seen.add("auth " + user + (sameKey(key, agentKey.getPublic()) ? " with the agent's key" : " other key"));
            return true;
        });
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(ServerBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS);
        handlers.add(new AbstractConnectionServiceRequestHandler() {
            @Override
            public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
                if (!TunnelProtocol.HOST_CERTIFICATE_REQUEST.equals(request)) {
                    return Result.Unsupported;
                }
                String certificate = buffer.getString();
                seen.add("certificate " + certificate);
                return GOOD_CERTIFICATE.equals(certificate) ? Result.ReplySuccess : Result.ReplyFailure;
            }
        });
        server.setGlobalRequestHandlers(handlers);
        server.setForwardingFilter(new RejectAllForwardingFilter() {
            @Override
            public boolean canListen(SshdSocketAddress address, Session session) {
                seen.add("forward " + address.getHostName() + ":" + address.getPort());
                return true;
            }
        });
        server.start();
        client = SshClient.setUpDefaultClient();
        TunnelHandshake.configure(client);
        client.setServerKeyVerifier((session, remote, key) -> true);
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        client.stop();
        server.stop(true);
    }

    private ClientSession connect() throws IOException {
        return client.connect(TunnelProtocol.TUNNEL_USER, "127.0.0.1", server.getPort())
                .verify(TunnelHandshake.STEP_TIMEOUT).getSession();
    }

    @Test
    void keyThenCertificateThenTheForwardOfAnEphemeralLoopbackPort() throws IOException {
        try (ClientSession session = TunnelHandshake.login(connect(), agentKey, GOOD_CERTIFICATE, 2222)) {
            assertTrue(session.isOpen());
            assertEquals(List.of("auth " + TunnelProtocol.TUNNEL_USER + " with the agent's key",
                    "certificate " + GOOD_CERTIFICATE, "forward " + TunnelProtocol.FORWARD_HOST + ":0"),
                    seen.stream().distinct().toList(), "MINA asks the authenticator twice per key (query, signature)");
        }
    }

    @Test
    void aRefusedCertificateFailsWithWhatToCheckClosesTheSessionAndAsksForNoForward() throws IOException {
        ClientSession session = connect();
        IOException refused = assertThrows(IOException.class,
                () -> TunnelHandshake.login(session, agentKey, "not-this-clusters-certificate", 2222));
        assertTrue(refused.getMessage().contains("refused this agent's host certificate"), refused.getMessage());
        assertFalse(session.isOpen(), "the session is closed, not left half set up");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("forward")), seen.toString());
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
