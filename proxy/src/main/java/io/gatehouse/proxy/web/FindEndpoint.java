package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.proxy.routing.RoutingService;
import io.gatehouse.shared.cert.IdentityCodec;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Public facts a client needs before it has a certificate (Teleport's /webapi/find and
 * /webapi/ping, one answer at both paths): the cluster's name, where SSH and tunnels are served,
 * and the host CA keys for known_hosts. {@code tls_routing} true tells gate and agents to reach
 * SSH and tunnels through the web port with the ALPN names in {@code alpn}; false, the separate
 * ports (old clients ignore the field and use those).
 */
@Path("/v1/webapi")
@Produces(MediaType.APPLICATION_JSON)
public class FindEndpoint {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Find(String clusterName, int sshPort, int tunnelPort, List<String> sshHostCaKeys, boolean tlsRouting,
            List<String> alpn) {
    }

    private final AuthConnection connection;
    private final ProxyConfig config;

    public FindEndpoint(AuthConnection connection, ProxyConfig config) {
        this.connection = connection;
        this.config = config;
    }

    @GET
    @Path("/find")
    public Find find() {
        var id = connection.identity();
        String cluster = IdentityCodec.hostFromX509(id.tlsCertificate()).clusterName();
        return new Find(cluster, config.sshPort(), config.tunnelPort(), id.trustedSshCaLines(), config.tlsRouting(),
                config.tlsRouting() ? RoutingService.served() : List.of());
    }

    @GET
    @Path("/ping")
    public Find ping() {
        return find();
    }
}
