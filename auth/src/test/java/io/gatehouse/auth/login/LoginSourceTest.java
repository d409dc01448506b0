package io.gatehouse.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.shared.cert.HostIdentity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginSourceTest {
    private static Caller.Host host(String... systemRoles) {
        return new Caller.Host(new HostIdentity("h1.test", "h1", "test", List.of(systemRoles), List.of("h1"),
                Instant.EPOCH, Instant.now().plusSeconds(3600)));
    }

    @Test
    void theClientAddressIsBelievedFromAProxy() {
        assertEquals(new LoginSource("203.0.113.9", "203.0.113.9"),
                LoginSource.of(host("proxy"), "203.0.113.9", "127.0.0.1"));
    }

    @Test
    void aNodeCannotNameTheAddressItLogsInFrom() {
        // Only the proxy's word counts: anyone else is counted by the address they connect from.
        assertEquals("127.0.0.1", LoginSource.of(host("node"), "203.0.113.9", "127.0.0.1").address());
        assertEquals("127.0.0.1", LoginSource.of(host("admin"), "203.0.113.9", "127.0.0.1").address());
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        LoginSource a = LoginSource.of(host("proxy"), "2001:db8:1:2:aaaa::1", null);
        LoginSource b = LoginSource.of(host("proxy"), "2001:db8:1:2:bbbb::7", null);
        assertEquals(a.limitKey(), b.limitKey());
        assertTrue(a.limitKey().endsWith("::/64"), a.limitKey());
        assertEquals("198.51.100.4", LoginSource.of(host("proxy"), "::ffff:198.51.100.4", null).limitKey());
    }

    @Test
    void aNameOrJunkIsNotAnAddressAndIsNeverLookedUp() {
        for (String junk : List.of("example.com", "localhost", "1.2.3", "999.1.1.1", "01.2.3.4", "::g", "a b")) {
            var e = assertThrows(ApiException.class, () -> LoginSource.of(host("proxy"), junk, "127.0.0.1"), junk);
            assertEquals(400, e.status());
        }
    }
}
