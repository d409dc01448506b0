package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.shared.cert.IdentityCodec;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Public facts a client needs before it has a certificate (Teleport's /webapi/find): the
 * cluster's name, where SSH and tunnels are served, and the host CA keys for known_hosts.
 */
@Path("/v1/webapi/find")
@Produces(MediaType.APPLICATION_JSON)
public class FindEndpoint {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Find(String clusterName, int sshPort, int tunnelPort, List<String> sshHostCaKeys) {
    }

    private final AuthConnection connection;
    private final ProxyConfig config;

    public FindEndpoint(AuthConnection connection, ProxyConfig config) {
        this.connection = connection;
        this.config = config;
    }

    @GET
    public Find find() {
        var id = connection.identity();
        String cluster = IdentityCodec.hostFromX509(id.tlsCertificate()).clusterName();
        return new Find(cluster, config.sshPort(), config.tunnelPort(), id.trustedSshCaLines());
    }
}
