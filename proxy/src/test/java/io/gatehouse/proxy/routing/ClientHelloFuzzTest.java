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
}
