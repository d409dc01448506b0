package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.apiclient.ProxyErrors;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.api.SignDbRequest;
import io.gatehouse.shared.api.client.ApiTransport;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The proxy's web API as gate calls it: typed calls over the shared transport, authenticated by
 * the user's certificate when the TLS context holds one; failures are CliExceptions ({@link ProxyErrors}).
 */
final class ProxyApi {
    private final ApiTransport proxy;

    ProxyApi(String proxyAddr, SSLContext tls) {
        this.proxy = ApiTransport.https(tls, proxyAddr, new ProxyErrors(proxyAddr));
    }

    /**
     * What the proxy tells clients before login (/v1/webapi/ping: cluster, ports, host CA keys,
     * tls_routing); a proxy older than ping answers the same, without tls_routing, at /find.
     */
    JsonNode ping() {
        try {
            return proxy.get("/v1/webapi/ping");
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.NOT_FOUND) {
                throw e;
            }
            return proxy.get("/v1/webapi/find");
        }
    }

    CertsResponse login(LoginRequest request) {
        return proxy.send("POST", "/v1/webapi/login", request, CertsResponse.class);
    }

    /** The nodes this user may reach, as the proxy lists them (name, host_id, labels, online, tunnel, logins). */
    JsonNode nodes() {
        return proxy.get("/v1/webapi/nodes");
    }

    /**
     * The databases this user may reach, as the resources listing gives them (kind db: name,
     * labels, online, protocol, and in logins the database users the user's roles allow), all pages.
     */
    List<JsonNode> databases() {
        return resources("db");
    }

    /** One kind of the resources listing this user may see (db, app), all pages. */
    List<JsonNode> resources(String kind) {
        List<JsonNode> out = new ArrayList<>();
        String start = null;
        do {
            JsonNode page = proxy.get("/v1/webapi/resources?kind=" + encode(kind) + "&limit=1000" + (start == null
                    ? "" : "&start_key=" + encode(start)));
            page.path("items").forEach(out::add);
            start = page.path("next_key").isTextual() ? page.path("next_key").asText() : null;
        } while (start != null);
        return out;
    }

    /** A certificate for the caller's key that leads to one app (gate apps login). */
    AppCertsResponse signApp(SignAppRequest request) {
        return proxy.send("POST", "/v1/webapi/certs/app", request, AppCertsResponse.class);
    }

    /** A certificate for the caller's key that leads to one database (gate db login). */
    DbCertsResponse signDb(SignDbRequest request) {
        return proxy.send("POST", "/v1/webapi/certs/db", request, DbCertsResponse.class);
    }

    List<RecordingDto.Summary> recordings() {
        List<RecordingDto.Summary> out = new ArrayList<>();
        for (JsonNode r : proxy.get("/v1/webapi/recordings")) {
            out.add(proxy.read(r, RecordingDto.Summary.class));
        }
        return out;
    }

    /** A recording's bytes as they arrive, for the caller to close. */
    InputStream recording(String session) {
        return proxy.download("/v1/webapi/recordings/" + encode(session) + "/content");
    }

    AccessRequestDto.View request(AccessRequestDto.Create create) {
        return proxy.send("POST", "/v1/webapi/access-requests", create, AccessRequestDto.View.class);
    }

    /** Requests the user made or may review, in one state or all (null). */
    AccessRequestDto.ListView requests(String state) {
        return proxy.get("/v1/webapi/access-requests" + (state == null ? "" : "?state=" + encode(state)),
                AccessRequestDto.ListView.class);
    }

    AccessRequestDto.View request(String id) {
        return proxy.get("/v1/webapi/access-requests/" + encode(id), AccessRequestDto.View.class);
    }

    AccessRequestDto.View review(String id, AccessRequestDto.Decision decision) {
        return proxy.send("POST", "/v1/webapi/access-requests/" + encode(id) + "/reviews", decision,
                AccessRequestDto.View.class);
    }

    AccessRequestDto.View cancel(String id) {
        return proxy.send("POST", "/v1/webapi/access-requests/" + encode(id) + "/cancel", Map.of(),
                AccessRequestDto.View.class);
    }

    /** Certificates for a fresh key with an approved request's roles (gate login --request-id). */
    CertsResponse assume(String id, AccessRequestDto.Assume assume) {
        return proxy.send("POST", "/v1/webapi/access-requests/" + encode(id) + "/assume", assume,
                CertsResponse.class);
    }

    /** The proxy's answer as the record gate expects (SSO logins bring their certificates another way). */
    <T> T read(JsonNode node, Class<T> type) {
        return proxy.read(node, type);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
