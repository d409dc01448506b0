package io.gatehouse.agent.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.Announcement;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.ServiceSupervisor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiagServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private DiagServer diag;

    @AfterEach
    void stop() {
        if (diag != null) {
            diag.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diag.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyzSaysWhichServiceFailedAndWhyWhileTheOthersRun() throws Exception {
        ServiceSupervisor supervisor = new ServiceSupervisor(List.of(service("ssh", null, 2),
                service("desktop", "agent.yaml: desktop 'office': addr 'x:99999' is not HOST or HOST:PORT", 0)),
                a -> () -> { });
        supervisor.startAll(null);
        AtomicReference<AgentStatus.Tunnel> tunnel = new AtomicReference<>(AgentStatus.Tunnel.UP);
        diag = DiagServer.start(new InetSocketAddress("127.0.0.1", 0), () -> new AgentStatus(supervisor.health(),
                supervisor.sessions(), tunnel.get()));

        var ready = get("/readyz");
        assertEquals(503, ready.statusCode(), ready.body());
        assertEquals("{\"status\":\"not ready\",\"services\":[{\"name\":\"ssh\",\"state\":\"up\"},{\"name\":"
                + "\"desktop\",\"state\":\"failed\",\"problem\":\"agent.yaml: desktop 'office': addr 'x:99999' is not "
                + "HOST or HOST:PORT\"}],\"tunnel\":\"up\"}\n", ready.body());
        assertEquals(200, get("/healthz").statusCode(), "the process itself is alive");

        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("gatehouse_agent_service_up{service=\"ssh\"} 1\n"), metrics);
        assertTrue(metrics.contains("gatehouse_agent_service_up{service=\"desktop\"} 0\n"), metrics);
        assertTrue(metrics.contains("gatehouse_agent_service_sessions{service=\"ssh\"} 2\n"), metrics);
        assertTrue(metrics.contains("gatehouse_agent_tunnel_up 1\n"), metrics);
        assertTrue(metrics.contains("# TYPE gatehouse_agent_service_up gauge\n"), metrics);
        assertTrue(metrics.matches("(?s).*\nprocess_resident_memory_bytes [1-9][0-9]+\n.*"), metrics);
    }

    @Test
    void readyOnlyWhenEveryServiceAndTheTunnelAreUp() throws Exception {
        ServiceSupervisor supervisor = new ServiceSupervisor(List.of(service("ssh", null, 0)), a -> () -> { });
        AtomicReference<AgentStatus.Tunnel> tunnel = new AtomicReference<>(AgentStatus.Tunnel.DOWN);
        diag = DiagServer.start(new InetSocketAddress("127.0.0.1", 0), () -> new AgentStatus(supervisor.health(),
                supervisor.sessions(), tunnel.get()));
        assertTrue(get("/readyz").body().contains("\"state\":\"starting\""), "before the services start");
        supervisor.startAll(null);
        assertEquals(503, get("/readyz").statusCode(), "the tunnel is down");
        tunnel.set(AgentStatus.Tunnel.UP);
        assertEquals(200, get("/readyz").statusCode());
        tunnel.set(AgentStatus.Tunnel.NOT_USED);
        assertEquals(200, get("/readyz").statusCode(), "direct mode has no tunnel to wait for");
        assertTrue(!get("/metrics").body().contains("gatehouse_agent_tunnel_up "), "no tunnel metric in direct mode");
        supervisor.close();
        assertEquals(503, get("/readyz").statusCode(), "stopped");
    }

    @Test
    void onlyReadsAreServed() throws Exception {
        ServiceSupervisor supervisor = new ServiceSupervisor(List.of(), a -> () -> { });
        diag = DiagServer.start(new InetSocketAddress("127.0.0.1", 0), () -> new AgentStatus(supervisor.health(),
                supervisor.sessions(), AgentStatus.Tunnel.NOT_USED));
        var post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diag.port() + "/readyz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(404, get("/admin").statusCode());
    }

    @Test
    void aPortInUseSaysWhichSettingToChange() throws Exception {
        ServiceSupervisor supervisor = new ServiceSupervisor(List.of(), a -> () -> { });
        diag = DiagServer.start(new InetSocketAddress("127.0.0.1", 0), () -> null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> DiagServer.start(
                new InetSocketAddress("127.0.0.1", diag.port()), () -> null));
        assertTrue(e.getMessage().startsWith("cannot listen on diag_addr 127.0.0.1"), e.getMessage());
        supervisor.close();
    }

    /** A service that fails with {@code problem} (when not null) or runs {@code sessions} sessions. */
    private static AgentService service(String name, String problem, int sessions) {
        return new AgentService() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(AgentContext context) {
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }

            @Override
            public List<Announcement> announcements() {
                return List.of();
            }

            @Override
            public int sessions() {
                return sessions;
            }

            @Override
            public void stop() {
            }
        };
    }
}
