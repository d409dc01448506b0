package io.gatehouse.shared.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The typed calls against a real HTTPS server that answers as auth does, over mutual TLS. */
class ApiClientTest {
    private static final String ROLE = """
            {"kind":"role","version":"v1","metadata":{"name":"dev","revision":3},
             "spec":{"allow":{"logins":["ubuntu"],"node_labels":{"env":"dev"}}}}""";

    private TestApiServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        server = new TestApiServer(true);
        api = new MtlsJsonClient(TestApiServer.identity().sslContext("auth"), server.hostPort()).api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String node(String name, String hostId) {
        return "{\"kind\":\"node\",\"version\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"env\":"
                + "\"dev\"},\"expires\":\"2030-01-01T00:00:00Z\"},\"spec\":{\"hostname\":\"" + name + "\",\"addr\":\"\","
                + "\"host_id\":\"" + hostId + "\"}}";
    }

    @Test
    void listReadsEveryPageAsTypedSpecsAndOnlyWhenTheIterationGetsThere() {
        server.reply("GET /v1/resources/node?limit=1000", 200, "{\"items\":[" + node("a", "h-a") + ","
                + node("b", "h-b") + "],\"next_page_token\":\"b c/d\"}");
        server.reply("GET /v1/resources/node?limit=1000&page_token=b%20c%2Fd", 200, "{\"items\":[" + node("c", "h-c")
                + "]}");
        ResourcePages<NodeSpec> nodes = api.list(Kind.NODE, NodeSpec.class);
        Resource<NodeSpec> first = nodes.next();
        assertEquals(1, server.seen.size(), "the second page is not read before the first is used up");
        assertEquals("h-a", first.spec().hostId());
        assertEquals(Map.of("env", "dev"), first.metadata().labels());
        List<String> rest = nodes.toList().stream().map(Resource::name).toList();
        assertEquals(List.of("b", "c"), rest);
        assertEquals(2, server.seen.size());
        assertTrue(server.seen.get(0).client().contains("CN=proxy"), "mutual TLS: " + server.seen.get(0).client());
    }

    @Test
    void anItemOfAnotherKindOrShapeIsAnUnreadableAnswerNotASilentGap() {
        server.reply("GET /v1/resources/desktop?limit=1000", 200, "{\"items\":[" + node("a", "h") + "]}");
        AuthCallException e = assertThrows(AuthCallException.class, () -> api.list(Kind.DESKTOP, DesktopSpec.class)
                .toList());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("asked for desktop 'a', got a node"), e.getMessage());
    }

    @Test
    void roleIsEmptyOnlyWhenAuthSaysNotFound() {
        server.reply("GET /v1/resources/role/dev", 200, ROLE);
        server.reply("GET /v1/resources/role/flaky", 500, "{\"error\":{\"code\":\"internal\",\"message\":\"the "
                + "database is down\"}}");
        Map<String, Optional<Resource<RoleSpec>>> roles = api.roles(List.of("dev", "gone"));
        assertEquals(List.of("dev", "gone"), List.copyOf(roles.keySet()));
        assertEquals(List.of("ubuntu"), roles.get("dev").orElseThrow().spec().allow().logins());
        assertEquals(3, roles.get("dev").orElseThrow().metadata().revision());
        assertTrue(roles.get("gone").isEmpty());
        AuthCallException e = assertThrows(AuthCallException.class, () -> api.role("flaky"));
        assertEquals(500, e.status());
        assertEquals("the database is down", e.getMessage());
    }

    @Test
    void aRoleFetchFailsClosedWithAuthsReason() {
        server.reply("GET /v1/resources/role/flaky", 500, "{\"error\":{\"code\":\"internal\",\"message\":\"the "
                + "database is down\"}}");
        server.reply("GET /v1/resources/role/odd", 200, ROLE.replace("\"logins\"", "\"loginz\"")
                .replace("\"name\":\"dev\"", "\"name\":\"odd\""));
        server.reply("GET /v1/resources/role/other", 200, ROLE);
        var fetch = AuthRoleFetch.over(() -> api);
        assertTrue(fetch.role("gone").isEmpty());
        var down = assertThrows(CertificateRoles.Unavailable.class, () -> fetch.role("flaky"));
        assertEquals("HTTP 500: the database is down", down.getMessage());
        var odd = assertThrows(CertificateRoles.Unavailable.class, () -> fetch.role("odd"));
        assertTrue(odd.getMessage().contains("role 'odd' as auth sent it cannot be read"), odd.getMessage());
        var other = assertThrows(CertificateRoles.Unavailable.class, () -> fetch.role("other"));
        assertTrue(other.getMessage().contains("asked for role 'other', got role 'dev'"), other.getMessage());
    }

    @Test
    void namesCannotChangeThePath() {
        assertTrue(api.find(Kind.ROLE, "../users/admin", RoleSpec.class).isEmpty());
        assertEquals("/v1/resources/role/..%2Fusers%2Fadmin", server.seen.get(0).uri());
    }

    @Test
    void createSendsTheYamlAndReturnsWhatWasStored() {
        server.reply("POST /v1/resources", 201, "{\"items\":[" + ROLE + "]}");
        List<Resource<?>> stored = api.create("kind: role\n...");
        assertEquals("dev", stored.get(0).name());
        assertEquals(Kind.ROLE, stored.get(0).kind());
        assertEquals("application/yaml", server.seen.get(0).header("Content-Type"));
        assertEquals("kind: role\n...", server.seen.get(0).body());
    }

    @Test
    void putOfOneResourceUpsertsItsJson() {
        server.reply("PUT /v1/resources?upsert=true", 200, "{\"items\":[" + ROLE + "]}");
        server.reply("GET /v1/resources/role/dev", 200, ROLE);
        assertEquals(3, api.put(api.get(Kind.ROLE, "dev", RoleSpec.class)).metadata().revision());
        assertTrue(server.seen.getLast().body().contains("\"name\":\"dev\""), server.seen.getLast().body());
        assertTrue(server.seen.getLast().body().contains("\"revision\":3"), "the write is conditional on it");
    }

    @Test
    void deleteAndNotFound() {
        server.reply("DELETE /v1/resources/token/abc", 204, "");
        api.delete(Kind.TOKEN, "abc");
        AuthCallException e = assertThrows(AuthCallException.class, () -> api.delete(Kind.TOKEN, "other"));
        assertEquals(404, e.status());
        assertEquals("not_found", e.code());
    }

    @Test
    void theHostCaPinIsTheOneOfItsCertificate() {
        server.reply("GET /v1/cas/host", 200, "{\"type\":\"host\",\"cluster_name\":\"test\",\"ssh_public_keys\":[],"
                + "\"tls_certificates\":[" + io.gatehouse.shared.api.ApiJson.newMapper().valueToTree(
                        Keys.certificateToPem(TestApiServer.HOST_CA_CERT)) + "]}");
        assertEquals(CaPin.of(TestApiServer.HOST_CA_CERT), api.hostCaPin());
        assertEquals("test", api.ca("host").clusterName());
    }

    @Test
    void auditSearchSendsOnlyWhatIsSetEncoded() {
        server.reply("GET /v1/audit/events?limit=5&user=al+ice&order=desc", 200, "{\"events\":[{\"id\":7,\"type\":"
                + "\"user.login\",\"code\":\"T1000I\",\"time\":\"2026-12-01T10:00:00Z\",\"user\":\"al ice\"}],"
                + "\"next_page_token\":\"x\"}");
        AuditPage page = api.auditEvents(new AuditQuery(null, null, null, "al ice", 5, null, "desc"));
        assertEquals("user.login", page.events().get(0).type());
        assertEquals("x", page.nextPageToken());
    }

    @Test
    void recordingsActingForAUserCarryTheirCertificate() throws Exception {
        server.reply("GET /v1/recordings?limit=10", 200, "[{\"session_id\":\"s-1\",\"user\":\"al\",\"size\":3,"
                + "\"complete\":true}]");
        server.replyText("GET /v1/recordings/s-1/content", 200, "application/octet-stream", "abc");
        server.reply("GET /v1/recordings/s-2/content", 403, "{\"error\":{\"code\":\"access_denied\",\"message\":"
                + "\"not yours\"}}");
        ApiClient forAl = api.actingFor("Gatehouse-Forwarded-Cert", "PEM-OF-AL");
        List<RecordingDto.Summary> list = forAl.recordings(10);
        assertEquals("s-1", list.get(0).sessionId());
        try (InputStream in = forAl.recordingContent("s-1")) {
            assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        AuthCallException e = assertThrows(AuthCallException.class, () -> forAl.recordingContent("s-2"));
        assertEquals(403, e.status());
        assertEquals("not yours", e.getMessage());
        assertTrue(server.seen.stream().allMatch(s -> "PEM-OF-AL".equals(s.header("Gatehouse-Forwarded-Cert"))));
        api.recordings(10);
        assertFalse("PEM-OF-AL".equals(server.seen.getLast().header("Gatehouse-Forwarded-Cert")),
                "the header belongs to the acting view only");
    }
}
