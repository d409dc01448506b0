package io.gatehouse.shared.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one transport: both ways of authenticating, and every kind of failure through a pluggable mapping. */
class ApiTransportTest {
    private TestApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestApiServer(false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A mapping of the kind the CLI plugs in: its own exception, saying which failure it was. */
    private static final class Mapped extends RuntimeException {
        Mapped(String text) {
            super(text);
        }
    }

    private ApiTransport bearer(String token) {
        return ApiTransport.https(TestApiServer.identity().trustOnlySslContext("auth"), server.hostPort(), f -> new Mapped(
                switch (f) {
                    case CallFailure.Refused r -> "refused " + r.status() + " " + r.code("?") + " " + r.message("?")
                            + " " + r.error().problems();
                    case CallFailure.Unreadable u -> "unreadable " + u.status() + " " + u.problem();
                    case CallFailure.Unreachable u -> "unreachable " + u.cause().getClass().getSimpleName();
                    default -> f.toString();
                })).withBearer(token);
    }

    @Test
    void aBearerTokenIsSentAndNeverRepeatedInAFailure() {
        server.reply("GET /v1/webapi/whoami", 200, "{\"user\":\"al\"}");
        ApiTransport api = bearer("s3cret-token");
        assertEquals("al", api.get("/v1/webapi/whoami").path("user").asText());
        assertEquals("Bearer s3cret-token", server.seen.get(0).header("Authorization"));
        assertEquals("", server.seen.get(0).client(), "no client certificate in the bearer flavour");
        Mapped refused = assertThrows(Mapped.class, () -> api.get("/v1/webapi/other"));
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> api.withBearer("two words"));
    }

    @Test
    void aRefusalCarriesTheServersWordsAndProblems() {
        server.reply("POST /v1/resources", 400, "{\"error\":{\"code\":\"invalid\",\"message\":\"role 'x': 1 problem\","
                + "\"problems\":[{\"field\":\"spec.allow\",\"line\":7,\"message\":\"bad\"}]}}");
        Mapped e = assertThrows(Mapped.class, () -> bearer("t").sendText("POST", "/v1/resources", "application/yaml",
                "kind: role"));
        assertEquals("refused 400 invalid role 'x': 1 problem [ProblemDto[field=spec.allow, line=7, message=bad]]",
                e.getMessage());
    }

    @Test
    void anAnswerThatIsNotJsonIsUnreadableWhateverItsStatus() {
        server.replyText("GET /html", 200, "text/html", "<html>hello</html>");
        server.replyText("GET /gateway", 502, "text/html", "<html>bad gateway</html>");
        assertEquals("unreadable 200 the answer is not JSON", assertThrows(Mapped.class, () -> bearer("t")
                .get("/html")).getMessage());
        assertEquals("unreadable 502 the answer is not JSON", assertThrows(Mapped.class, () -> bearer("t")
                .get("/gateway")).getMessage());
    }

    @Test
    void anEmptyAnswerIsAnEmptyObject() {
        server.replyText("DELETE /v1/resources/role/x", 204, "application/json", "");
        assertTrue(bearer("t").send("DELETE", "/v1/resources/role/x", null).isEmpty());
    }

    @Test
    void theAuthMappingKeepsStatusCodeMessageAndRetryTime() {
        server.reply("POST /v1/login", 429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\","
                + "\"retry_at\":\"2030-01-01T00:00:00Z\"}}");
        server.reply("POST /v1/login2", 401, "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"no\","
                + "\"retry_at\":\"not a time\"}}");
        ApiTransport auth = bearer("t").withErrors(ErrorMapping.authCall());
        AuthCallException e = assertThrows(AuthCallException.class, () -> auth.send("POST", "/v1/login", List.of()));
        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
        assertEquals("slow down", e.getMessage());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), e.retryAt().orElseThrow());
        AuthCallException bad = assertThrows(AuthCallException.class, () -> auth.send("POST", "/v1/login2", null));
        assertEquals("no", bad.getMessage(), "a malformed retry_at does not hide the message");
        assertTrue(bad.retryAt().isEmpty());
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var auth = new MtlsJsonClient(TestApiServer.identity().sslContext("auth"), "127.0.0.1:" + port);
        AuthCallException e = assertThrows(AuthCallException.class, () -> auth.get("/v1/status",
                com.fasterxml.jackson.databind.JsonNode.class));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("cannot reach https://127.0.0.1:" + port), e.getMessage());
        List<String> waits = new ArrayList<>();
        assertThrows(AuthCallException.class, () -> auth.whenReachable("the status", java.time.Duration.ZERO,
                waits::add, c -> c.get("/v1/status", Object.class)));
    }

    @Test
    void aServerWithoutTheAuthRoleIsNotTrusted() throws Exception {
        // The server's certificate holds the "auth" role only: asking for a proxy must fail in TLS.
        var asProxy = ApiTransport.https(TestApiServer.identity().trustOnlySslContext("proxy"), server.hostPort(),
                f -> new Mapped(f.getClass().getSimpleName()));
        assertEquals("Unreachable", assertThrows(Mapped.class, () -> asProxy.get("/v1/status")).getMessage());
        assertTrue(server.seen.isEmpty());
    }
}
