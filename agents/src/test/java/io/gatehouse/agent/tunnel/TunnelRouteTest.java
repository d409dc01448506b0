package io.gatehouse.agent.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TunnelRouteTest {
    private static final TunnelClient.Dial WEB = TunnelClient.Dial.parse("proxy.example.com:3080", true);

    private static TunnelClient.Dial decide(String ping) throws Exception {
        return TunnelRoute.decide(WEB, new ObjectMapper().readTree(ping));
    }

    @Test
    void aProxyThatRoutesTunnelsIsDialledOnItsWebPort() throws Exception {
        assertEquals(WEB, decide("{\"tls_routing\":true,\"alpn\":[\"gatehouse-ssh\",\"gatehouse-tunnel\"],"
                + "\"tunnel_port\":3024}"));
    }

    @Test
    void aProxyThatDoesNotAdvertiseItIsDialledOnItsTunnelPort() throws Exception {
        assertEquals(new TunnelClient.Dial("proxy.example.com", 4024, false), decide("{\"tls_routing\":false,"
                + "\"alpn\":[],\"tunnel_port\":4024}"));
    }

    @Test
    void anOlderProxyWithoutTheFieldsGetsItsTunnelPort() throws Exception {
        assertEquals(new TunnelClient.Dial("proxy.example.com", 3024, false), decide("{\"cluster_name\":\"c\"}"));
    }

    @Test
    void routingWithoutTheTunnelProtocolIsNotUsedForTunnels() throws Exception {
        assertEquals(new TunnelClient.Dial("proxy.example.com", 3024, false), decide("{\"tls_routing\":true,"
                + "\"alpn\":[\"gatehouse-ssh\"],\"tunnel_port\":3024}"));
    }
}
