package io.gatehouse.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.List;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;

class SshTransportTest {
    @Test
    void aServerAnnouncesItselfAsGatehouseNotAsTheSshLibrary() throws Exception {
        var hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        SshTransport.apply(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(session -> List.of(hostKey));
        server.start();
        try (var socket = new Socket("127.0.0.1", server.getPort());
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("SSH-2.0-Gatehouse_0.1.0", in.readLine());
        } finally {
            server.stop(true);
        }
    }
}
