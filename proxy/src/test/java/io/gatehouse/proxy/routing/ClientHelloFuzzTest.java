package io.gatehouse.proxy.routing;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever arrives on the web port ends in a hello, a request for more, or MalformedClientHello. */
class ClientHelloFuzzTest {
    @Test
    void webPortBytesEndInAHelloOrMalformedClientHello() throws Exception {
        List<byte[]> seeds = List.of(ClientHelloTest.realHello("proxy.example.com", "gatehouse-ssh", "http/1.1"),
                ClientHelloTest.realHello(null), ClientHelloTest.realHello("x", "h2", "gatehouse-tunnel"));
        Fuzz.run(Target.of("TLS ClientHello", bytes -> ClientHello.parse(bytes, bytes.length), seeds,
                MalformedClientHello.class), 3080, 2000, 5000, Duration.ofSeconds(30));
    }

    /** Mutated PostgreSQL prefaces: a preface only when exact, otherwise waiting for more or malformed. */
    @Test
    void plaintextStartsEndInAPostgresPrefaceOrMalformedClientHello() throws Exception {
        byte[] cancel = java.nio.ByteBuffer.allocate(16).putInt(16).putInt(80877102).putInt(4242).putInt(7).array();
        List<byte[]> seeds = List.of(HelloReader.PG_SSL_REQUEST, cancel);
        Fuzz.run(Target.of("PostgreSQL preface", bytes -> {
            if (bytes.length == 0 || bytes[0] != 0) {
                return; // the reader takes this path only for a first byte 0
            }
            HelloReader.PostgresPreface p = HelloReader.postgres(bytes, bytes.length);
            if (p != null && !java.util.Arrays.equals(p.bytes(), HelloReader.PG_SSL_REQUEST)
                    && !java.util.Arrays.equals(p.bytes(), 0, 8, HelloReader.PG_CANCEL_PREFIX, 0, 8)) {
                throw new AssertionError("accepted a preface that is neither: " + java.util.HexFormat.of()
                        .formatHex(p.bytes()));
            }
        }, seeds, MalformedClientHello.class), 5432, 2000, 5000, Duration.ofSeconds(30));
    }
}
