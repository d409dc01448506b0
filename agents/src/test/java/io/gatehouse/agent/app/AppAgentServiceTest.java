package io.gatehouse.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.service.ForwardedUsers;
import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The App Service's channel decisions: a TCP app relayed and audited, refusals audited with their reason. */
class AppAgentServiceTest {
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();

    private AppAgentService service(List<AppConfig> apps) {
        AppAgentService s = new AppAgentService(null);
        s.start(apps, new AppAdmission(new ForwardedUsers(UserCas.of(List.of(AppAdmissionTest.CA)), AppAdmissionTest.ROLES)),
                new AppAuditTrail("node-1", events::add, Clock.systemUTC()), Clock.systemUTC());
        return s;
    }

    @Test
    void aTcpAppsBytesGoBothWaysAndTheSessionIsAuditedWithItsSize() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = upstream.accept()) {
                    byte[] got = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(("echo:" + new String(got, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // the test fails on the answer
                }
            });
            AppConfig echo = new AppConfig("echo", "tcp://127.0.0.1:" + upstream.getLocalPort(), Map.of("env", "dev"),
                    "");
            var decision = service(List.of(echo)).open(new ServiceRequest("app", "echo", AppAdmissionTest.cert("echo",
                    "dev-apps"), "203.0.113.9:1", Map.of()));
            ServiceChannels.Serve serve = assertInstanceOf(ServiceChannels.Serve.class, decision);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serve.session().run(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), out);
            assertEquals("echo:hello", out.toString(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("app.session.start", "app.session.end"), events.stream().map(NodeEvent::type).toList());
        NodeEvent end = events.get(1);
        assertEquals("app/echo", end.resource());
        assertEquals("alice", end.user());
        assertEquals(5L, ((Number) end.fields().get("bytes_from_client")).longValue());
        assertEquals(10L, ((Number) end.fields().get("bytes_to_client")).longValue());
        assertEquals(end.fields().get("session_id"), events.get(0).fields().get("session_id"));
    }

    @Test
    void aRefusedUserIsToldWhyAndTheRefusalAudited() {
        AppConfig echo = new AppConfig("echo", "tcp://127.0.0.1:9", Map.of("env", "dev"), "");
        var decision = service(List.of(echo)).open(new ServiceRequest("app", "echo", AppAdmissionTest.cert("echo",
                "ssh-only"), "203.0.113.9:1", Map.of()));
        var refused = assertInstanceOf(ServiceChannels.Refused.class, decision);
        assertTrue(refused.reason().contains("no role of alice allows the app 'echo'"), refused.reason());
        assertEquals("app.session.refused", events.get(0).type());
        assertEquals("alice", events.get(0).user());
    }

    @Test
    void anUnknownAppAnHttpAppAndADeadUpstreamAreRefused() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        AppAgentService s = service(List.of(new AppConfig("echo", "tcp://127.0.0.1:" + dead, Map.of("env", "dev"),
                ""), new AppConfig("web", "http://127.0.0.1:" + dead, Map.of("env", "dev"), "")));
        var unknown = assertInstanceOf(ServiceChannels.Refused.class, s.open(new ServiceRequest("app", "nope",
                AppAdmissionTest.cert("nope", "dev-apps"), "", Map.of())));
        assertTrue(unknown.reason().contains("serves no app 'nope'"), unknown.reason());
        var web = assertInstanceOf(ServiceChannels.Refused.class, s.open(new ServiceRequest("app", "web",
                AppAdmissionTest.cert("web", "dev-apps"), "", Map.of())));
        assertTrue(web.reason().contains("HTTP app"), web.reason());
        var down = assertInstanceOf(ServiceChannels.Refused.class, s.open(new ServiceRequest("app", "echo",
                AppAdmissionTest.cert("echo", "dev-apps"), "", Map.of())));
        assertTrue(down.reason().contains("does not answer"), down.reason());
        assertEquals(2, events.stream().filter(e -> e.type().equals("app.session.refused")).count());
    }
}
