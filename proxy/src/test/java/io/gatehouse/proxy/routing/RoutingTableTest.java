package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private final RoutingTable<String> table = new RoutingTable<>(Map.of("gatehouse-ssh", "jump host",
            "gatehouse-tunnel", "tunnel server"));

    private RoutingTable.Decision<String> offer(String... alpn) {
        return table.decide(new ClientHello(Optional.empty(), List.of(alpn)));
    }

    @Test
    void browsersAndHttpClientsGoToTheWebUi() {
        assertInstanceOf(RoutingTable.Web.class, offer());
        assertInstanceOf(RoutingTable.Web.class, offer("h2", "http/1.1"));
        assertInstanceOf(RoutingTable.Web.class, offer("http/1.1"));
    }

    @Test
    void gatehouseProtocolsGoToTheirHandlers() {
        assertEquals(new RoutingTable.Terminate<>("gatehouse-ssh", "jump host"), offer("gatehouse-ssh"));
        assertEquals(new RoutingTable.Terminate<>("gatehouse-tunnel", "tunnel server"), offer("gatehouse-tunnel"));
    }

    @Test
    void theClientsFirstKnownNameWins() {
        assertEquals(new RoutingTable.Terminate<>("gatehouse-ssh", "jump host"), offer("spdy/1", "gatehouse-ssh", "h2"));
        assertInstanceOf(RoutingTable.Web.class, offer("h2", "gatehouse-ssh"));
    }

    @Test
    void reservedProtocolsAreRefusedUntilServed() {
        var r = assertInstanceOf(RoutingTable.Refuse.class, offer("gatehouse-postgres"));
        assertTrue(r.reason().contains("gatehouse-postgres"), r.reason());
    }

    @Test
    void unknownProtocolsAreRefusedWithTheirNamesMadeSafe() {
        var r = assertInstanceOf(RoutingTable.Refuse.class, offer("evil\nline", "smtp"));
        assertTrue(r.reason().contains("smtp") && !r.reason().contains("\n"), r.reason());
    }

    @Test
    void aServedProtocolsHandlerCanBeFoundByNameForPrefacesWithoutAlpn() {
        assertEquals(java.util.Optional.of("jump host"), table.handler("gatehouse-ssh"));
        assertEquals(java.util.Optional.empty(), table.handler("gatehouse-postgres"));
    }

    @Test
    void onlyGatehouseNamesCanHaveHandlers() {
        assertThrows(IllegalArgumentException.class, () -> new RoutingTable<>(Map.of("http/1.1", "x")));
    }
}
