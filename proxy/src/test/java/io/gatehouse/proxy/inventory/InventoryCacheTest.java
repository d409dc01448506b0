package io.gatehouse.proxy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.testing.MovableClock;
import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.api.client.ErrorMapping;
import io.gatehouse.shared.api.client.ApiTransport;
import io.gatehouse.shared.api.client.TestApiServer;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How often the proxy reads a kind of auth's inventory: against a real HTTPS server, with a clock the test moves. */
class InventoryCacheTest {
    private static final String PAGE = "GET /v1/resources/desktop?limit=1000";
    private TestApiServer auth;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T06:00:00Z"));
    private InventoryCache<DesktopSpec, String> cache;

    @BeforeEach
    void start() throws Exception {
        auth = new TestApiServer(false);
        ApiClient api = new ApiClient(ApiTransport.https(TestApiServer.identity().trustOnlySslContext("auth"),
                auth.hostPort(), ErrorMapping.authCall()));
        cache = new InventoryCache<>(() -> api, Kind.DESKTOP, DesktopSpec.class, Resource::name, clock);
    }

    @AfterEach
    void stop() {
        auth.close();
    }

    private void announce(String... namesAndHosts) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < namesAndHosts.length; i += 2) {
            items.append(i == 0 ? "" : ",").append("{\"kind\":\"desktop\",\"version\":\"v1\",\"metadata\":{\"name\":\"")
                    .append(namesAndHosts[i]).append("\"},\"spec\":{\"addr\":\"10.0.0.1:3389\",\"host_id\":\"")
                    .append(namesAndHosts[i + 1]).append("\"}}");
        }
        auth.reply(PAGE, 200, "{\"items\":[" + items + "]}");
    }

    private long reads() {
        return auth.seen.stream().filter(s -> s.uri().startsWith("/v1/resources/desktop")).count();
    }

    @Test
    void theInventoryIsReadOnceEveryFewSecondsWhateverTheTraffic() {
        announce("win-b", "host-2", "win-a", "host-1");
        assertEquals(List.of("win-a", "win-b"), cache.all(), "sorted by name");
        for (int i = 0; i < 50; i++) {
            cache.all();
            cache.byName("win-a");
        }
        assertEquals(1, reads());
        clock.advance(InventoryCache.REFRESH.plusMillis(1));
        cache.all();
        assertEquals(2, reads(), "re-read once it is older than the refresh interval");
    }

    @Test
    void anUnknownNameIsLookedUpAgainAtMostOnceASecond() {
        announce("win-a", "host-1");
        cache.all();
        announce("win-a", "host-1", "win-new", "host-9");
        for (int i = 0; i < 20; i++) {
            assertTrue(cache.byName("typo").isEmpty());
        }
        assertTrue(cache.byName("win-new").isEmpty(), "read less than a second ago: not again yet");
        assertEquals(1, reads(), "a storm of unknown names does not reach auth");
        clock.advance(Duration.ofMillis(1100));
        assertEquals("win-new", cache.byName("win-new").orElseThrow(), "a desktop announced a moment ago is found");
        assertEquals(2, reads());
    }

    @Test
    void aResourceIsFoundByTheHostIdOfItsAgentOnlyWhenAsked() {
        announce("node-a", "host-1");
        assertEquals("node-a", cache.byNameOrHostId("host-1").orElseThrow());
        assertTrue(cache.byName("host-1").isEmpty(), "a desktop is never addressed by its agent's host id");
        assertEquals("node-a", cache.byNameOrHostId("node-a").orElseThrow());
    }
}
