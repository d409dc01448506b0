package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** ClientHellos as the JDK writes them, cut and damaged the ways a network or an attacker would. */
class ClientHelloTest {
    /** The first flight of a real TLS client (the JDK's) offering {@code alpn} to {@code sni}. */
    static byte[] realHello(String sni, String... alpn) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(sni, 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setApplicationProtocols(alpn);
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        engine.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static ClientHello complete(byte[] b) throws MalformedClientHello {
        return assertInstanceOf(ClientHello.Complete.class, ClientHello.parse(b, b.length)).hello();
    }

    @Test
    void alpnNamesAndServerNameComeOutOfARealHello() throws Exception {
        ClientHello h = complete(realHello("proxy.example.com", "gatehouse-ssh", "http/1.1"));
        assertEquals(List.of("gatehouse-ssh", "http/1.1"), h.alpn());
        assertEquals(Optional.of("proxy.example.com"), h.serverName());
    }

    @Test
    void aHelloWithoutAlpnHasNoNames() throws Exception {
        assertEquals(List.of(), complete(realHello(null)).alpn());
    }

    @Test
    void everyPrefixOfAHelloAsksForMore() throws Exception {
        byte[] hello = realHello("a.example", "h2");
        for (int n = 0; n < hello.length; n++) {
            assertInstanceOf(ClientHello.NeedMore.class, ClientHello.parse(hello, n), "prefix of " + n);
        }
    }

    @Test
    void aHelloSplitAcrossRecordsIsReassembled() throws Exception {
        byte[] one = realHello("a.example", "gatehouse-tunnel");
        int body = one.length - 5;
        int first = body / 3;
        ByteBuffer two = ByteBuffer.allocate(one.length + 5);
        two.put(one, 0, 3).putShort((short) first).put(one, 5, first);
        two.put(one, 0, 3).putShort((short) (body - first)).put(one, 5 + first, body - first);
        assertEquals(List.of("gatehouse-tunnel"), complete(two.array()).alpn());
    }

    @Test
    void plainHttpIsNotTls() {
        byte[] get = "GET / HTTP/1.1\r\n\r\n".getBytes();
        assertThrows(MalformedClientHello.class, () -> ClientHello.parse(get, get.length));
    }

    @Test
    void aLengthPastTheEndIsRefusedNotFollowed() throws Exception {
        byte[] hello = realHello("a.example", "h2");
        // The handshake message claims 16 MiB: refused before anything waits for those bytes.
        hello[6] = (byte) 0xFF;
        assertThrows(MalformedClientHello.class, () -> ClientHello.parse(hello, hello.length));
    }

    @Test
    void moreThanTheCapIsRefused() {
        byte[] big = new byte[ClientHello.MAX_BYTES + 1];
        assertThrows(MalformedClientHello.class, () -> ClientHello.parse(big, big.length));
    }

    @Test
    void anEmptyProtocolNameIsRefused() throws Exception {
        byte[] hello = realHello(null, "x");
        // find the ALPN name "x" (length 1, then 'x') and make its length 0
        for (int i = hello.length - 1; i > 0; i--) {
            if (hello[i] == 'x' && hello[i - 1] == 1) {
                hello[i - 1] = 0;
                break;
            }
        }
        assertThrows(MalformedClientHello.class, () -> ClientHello.parse(hello, hello.length));
    }
}
