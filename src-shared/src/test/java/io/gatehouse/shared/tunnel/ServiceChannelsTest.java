package io.gatehouse.shared.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real MINA SSH connection: the server opens service channels on the client, as the proxy does on a tunnel. */
class ServiceChannelsTest {
    private SshServer proxy;
    private SshClient agent;
    private ClientSession tunnel;
    private final List<ServiceRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws IOException {
        proxy = SshServer.setUpDefaultServer();
        proxy.setHost("127.0.0.1");
        proxy.setPort(0);
        proxy.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        proxy.setPasswordAuthenticator((user, password, session) -> "agent".equals(user));
        proxy.start();
        agent = SshClient.setUpDefaultClient();
        agent.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        List<ChannelFactory> factories = new ArrayList<>(agent.getChannelFactories());
        factories.add(ServiceChannels.factory(this::decide));
        agent.setChannelFactories(factories);
        agent.start();
        tunnel = agent.connect("agent", "127.0.0.1", proxy.getPort()).verify(10, TimeUnit.SECONDS).getSession();
        tunnel.addPasswordIdentity("x");
        tunnel.auth().verify(10, TimeUnit.SECONDS);
    }

    private ServiceChannels.Decision decide(ServiceRequest request) {
        seen.add(request);
        if (request.resource().equals("forbidden")) {
            return new ServiceChannels.Refused("no role of alice allows database user 'postgres' on 'forbidden'");
        }
        if (request.resource().equals("broken")) {
            throw new IllegalStateException("the database 'broken' is not configured");
        }
        return new ServiceChannels.Serve((in, out) -> in.transferTo(out)); // echo until the proxy's EOF
    }

    @AfterEach
    void close() throws IOException {
        agent.stop();
        proxy.stop(true);
    }

    private ServerSession proxySide() {
        return (ServerSession) proxy.getActiveSessions().get(0);
    }

    @Test
    void carriesTheRequestAndEchoesEightMebibytesWithBackPressure() throws Exception {
        ServiceRequest request = new ServiceRequest("db", "orders", "-----BEGIN CERTIFICATE-----\n...",
                "203.0.113.9:5555", Map.of("db_user", "app", "db_name", "orders"));
        byte[] data = new byte[8 << 20];
        new Random(7).nextBytes(data);
        try (ServiceChannels.Opened ch = ServiceChannels.open(proxySide(), request, Duration.ofSeconds(10))) {
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> readAll(ch.in()));
            OutputStream out = ch.out();
            for (int off = 0; off < data.length; off += 100_000) {
                out.write(data, off, Math.min(100_000, data.length - off));
            }
            out.close(); // EOF: the agent's echo ends, and with it the stream back
            assertArrayEquals(data, echoed.get(30, TimeUnit.SECONDS));
        }
        assertEquals(request, seen.get(0));
    }

    @Test
    void anAgentsRefusalReachesTheProxyWithItsReason() {
        ServiceChannels.RefusedException e = assertThrows(ServiceChannels.RefusedException.class, () ->
                ServiceChannels.open(proxySide(), new ServiceRequest("db", "forbidden", "", "", Map.of()),
                        Duration.ofSeconds(10)));
        assertEquals("no role of alice allows database user 'postgres' on 'forbidden'", e.getMessage());
        ServiceChannels.RefusedException failed = assertThrows(ServiceChannels.RefusedException.class, () ->
                ServiceChannels.open(proxySide(), new ServiceRequest("db", "broken", "", "", Map.of()),
                        Duration.ofSeconds(10)));
        assertTrue(failed.getMessage().contains("the database 'broken' is not configured"), failed.getMessage());
    }

    @Test
    void manyChannelsAtOnceStayApart() throws Exception {
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String text = "session " + i;
            all.add(CompletableFuture.supplyAsync(() -> {
                try (ServiceChannels.Opened ch = ServiceChannels.open(proxySide(), new ServiceRequest("db", "d" + text,
                        "", "", Map.of()), Duration.ofSeconds(10))) {
                    ch.out().write(text.getBytes());
                    ch.out().close();
                    return new String(readAll(ch.in()));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("session " + i, all.get(i).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAgentEndingItsSessionEndsTheProxysStream() throws Exception {
        ServiceChannels.Opened ch = ServiceChannels.open(proxySide(), new ServiceRequest("db", "x", "", "", Map.of()),
                Duration.ofSeconds(10));
        tunnel.close(true); // the agent goes away mid-session
        assertThrows(Exception.class, () -> {
            CompletableFuture.supplyAsync(() -> readAll(ch.in())).get(10, TimeUnit.SECONDS);
            ch.out().write(new byte[100_000]);
            ch.out().flush();
        });
    }

    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return b.toByteArray();
    }
}
