package io.gatehouse.shared.tunnel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the proxy asks of an agent's service when it opens a service channel (ServiceChannels):
 * the service ("db"; next "app", "kube"), the resource by name, the user's X.509 certificate as the
 * client presented it to the proxy (PEM; the agent verifies it against the user CA itself and never
 * takes the proxy's word for who the user is), the client's address for audit, and the service's
 * own parameters (for a database: the database user and name, and what the client's start-up said).
 *
 * @param userCertificate empty only where the service needs no user (a PostgreSQL cancel request,
 *                        which its secret key authorizes, as in PostgreSQL itself)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceRequest(String service, String resource, String userCertificate, String clientAddr,
        Map<String, String> params) {
    /** The request travels in one SSH packet (channel open): far below MINA's 256 KiB packet limit. */
    public static final int MAX_BYTES = 32 * 1024;
    private static final ObjectMapper JSON = ApiJson.newMapper();

    public ServiceRequest {
        service = service == null ? "" : service;
        resource = resource == null ? "" : resource;
        userCertificate = userCertificate == null ? "" : userCertificate;
        clientAddr = clientAddr == null ? "" : clientAddr;
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    byte[] toBytes() throws IOException {
        byte[] b = JSON.writeValueAsBytes(this);
        if (b.length > MAX_BYTES) {
            throw new IOException("the request for " + service + " '" + resource + "' is " + b.length
                    + " bytes; at most " + MAX_BYTES);
        }
        return b;
    }

    static ServiceRequest parse(byte[] json) throws IOException {
        if (json.length > MAX_BYTES) {
            throw new IOException("a service request of " + json.length + " bytes; at most " + MAX_BYTES);
        }
        try {
            return JSON.readValue(json, ServiceRequest.class);
        } catch (IOException e) {
            throw new IOException("not a service request: " + new String(json, 0, Math.min(json.length, 80),
                    StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?"), e);
        }
    }
}
