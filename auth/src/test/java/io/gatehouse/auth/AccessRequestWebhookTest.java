package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AccessRequestDto;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access request notifications reach a real HTTP receiver as JSON, and a receiver that is down at
 * first gets them later (retried with backoff from the outbox, nothing lost).
 */
@QuarkusTest
@TestProfile(AccessRequestWebhookTest.Hook.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AccessRequestWebhookTest {
    static final int PORT = freePort();
    private static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static HttpServer receiver;

    public static final class Hook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.auth.access-requests.webhook-url", "http://127.0.0.1:" + PORT + "/hook?token=s3",
                    "gatehouse.auth.access-requests.webhook-timeout", "2s");
        }
    }

    @BeforeAll
    static void listen() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // The first delivery finds the receiver "down": it must come again.
            int status = CALLS.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                RECEIVED.add(new ObjectMapper().readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void close() {
        receiver.stop(0);
    }

    @Test
    void everyChangeIsPostedAndAFailedDeliveryIsRetried() throws Exception {
        TestCluster.admin().postYaml("/v1/resources", """
                kind: role
                version: v1
                metadata: {name: hook-req}
                spec:
                  allow:
                    request: {roles: [editor]}
                    review_requests: {roles: [editor]}
                """);
        var asker = TestCluster.loginAs(TestCluster.signUp("hook-a", List.of("hook-req"), List.of("hook-a")));
        var reviewer = TestCluster.loginAs(TestCluster.signUp("hook-b", List.of("hook-req"), List.of("hook-b")));
        var created = asker.read(asker.postJson("/v1/access-requests", new AccessRequestDto.Create(List.of("editor"),
                "rotate keys", "10m")), AccessRequestDto.View.class);
        reviewer.postJson("/v1/access-requests/" + created.id() + "/reviews", new AccessRequestDto.Decision(true,
                "ok"));

        Instant until = Instant.now().plus(Duration.ofSeconds(40));
        while (RECEIVED.stream().noneMatch(n -> n.path("event").asText().equals("access_request.review"))
                || RECEIVED.stream().noneMatch(n -> n.path("event").asText().equals("access_request.create"))) {
            assertTrue(Instant.now().isBefore(until), "notifications received: " + RECEIVED);
            Thread.sleep(200);
        }
        JsonNode create = RECEIVED.stream().filter(n -> n.path("event").asText().equals("access_request.create"))
                .findFirst().orElseThrow();
        assertEquals(created.id(), create.path("request").path("id").asText());
        assertEquals("rotate keys", create.path("request").path("reason").asText());
        JsonNode review = RECEIVED.stream().filter(n -> n.path("event").asText().equals("access_request.review"))
                .findFirst().orElseThrow();
        assertEquals("approved", review.path("request").path("state").asText());
        assertTrue(CALLS.get() >= 3, "the refused first delivery was retried: " + CALLS.get() + " calls");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
