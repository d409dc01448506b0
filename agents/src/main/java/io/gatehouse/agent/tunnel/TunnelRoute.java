package io.gatehouse.agent.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent without a configured tunnel_addr dials, asked of the proxy before each connect
 * (/v1/webapi/ping, so a proxy that changes its mind is followed at the next reconnect): its web
 * port with ALPN gatehouse-tunnel when it advertises TLS routing, else its tunnel port. If the
 * proxy cannot be asked, the tunnel port is tried, as older proxies serve only that.
 */
public final class TunnelRoute implements Supplier<TunnelClient.Dial> {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelRoute.class);
    private static final int DEFAULT_TUNNEL_PORT = 3024;

    private final String proxyAddr;
    private final Supplier<SSLContext> tls;

    public TunnelRoute(String proxyAddr, Supplier<SSLContext> tls) {
        this.proxyAddr = proxyAddr;
        this.tls = tls;
    }

    @Override
    public TunnelClient.Dial get() {
        TunnelClient.Dial web = TunnelClient.Dial.parse(proxyAddr, true);
        try {
            JsonNode ping = new MtlsJsonClient(tls.get(), proxyAddr).get("/v1/webapi/ping", JsonNode.class);
            return decide(web, ping);
        } catch (RuntimeException e) {
            LOG.warn("cannot ask the proxy {} how to reach its tunnels ({}); trying its tunnel port {}", proxyAddr,
                    e.getMessage(), DEFAULT_TUNNEL_PORT);
            return new TunnelClient.Dial(web.host(), DEFAULT_TUNNEL_PORT, false);
        }
    }

    static TunnelClient.Dial decide(TunnelClient.Dial web, JsonNode ping) {
        boolean routed = ping.path("tls_routing").asBoolean(false) && ping.path("alpn").toString()
                .contains("\"gatehouse-tunnel\"");
        return routed ? web : new TunnelClient.Dial(web.host(), ping.path("tunnel_port").asInt(DEFAULT_TUNNEL_PORT),
                false);
    }
}
