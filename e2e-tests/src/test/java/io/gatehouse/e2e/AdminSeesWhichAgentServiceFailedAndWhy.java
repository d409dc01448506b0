package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Ports;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.Ssh;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose desktops section names a CA file that is not there: its Desktop Service fails
 * at start and says why, its SSH service runs all the same (a user works on the node over the
 * tunnel), and the admin's monitoring reads which service failed and why from /readyz and /metrics
 * on the agent's diag_addr.
 */
@SharedCluster
class AdminSeesWhichAgentServiceFailedAndWhy {
    private static Cluster cluster;
    private static Agent agent;
    private static int diagPort;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        diagPort = Ports.free();
        agent = new Agent(cluster, "half-broken", "tunnel", Map.of("env", "lab"), null).withDesktops("""
                  - name: office
                    addr: 127.0.0.1:3389
                    tls: {ca_file: /nonexistent/corp-ca.pem}
                    logins:
                      alice: {password_file: /nonexistent/office-alice}
                """);
        Files.writeString(agent.config(), "diag_addr: 127.0.0.1:" + diagPort + "\n", StandardOpenOption.APPEND);
        agent.start();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void theDesktopServiceFailsAloneAndReadyzAndMetricsSayWhich() throws Exception {
        assertTrue(agent.log().contains("the desktop service did not start") && agent.log().contains(
                "/nonexistent/corp-ca.pem") && agent.log().contains("the agent's other services keep running"),
                agent.log());

        HttpClient http = HttpClient.newHttpClient();
        var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diagPort + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("{\"name\":\"ssh\",\"state\":\"up\"}")
                && ready.body().contains("{\"name\":\"desktop\",\"state\":\"failed\",\"problem\":\"")
                && ready.body().contains("/nonexistent/corp-ca.pem") && ready.body().contains("\"tunnel\":\"up\""),
                ready.body());
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + diagPort + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("gatehouse_agent_service_up{service=\"ssh\"} 1")
                && metrics.contains("gatehouse_agent_service_up{service=\"desktop\"} 0")
                && metrics.contains("gatehouse_agent_tunnel_up 1"), metrics);

        // The SSH service the failed desktop service sits beside serves a user through the tunnel.
        var add = cluster.gatectl("users", "add", "alice", "--roles=access", "--logins=" + Cluster.LOGIN);
        assertEquals(0, add.exit(), add.toString());
        String secret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), "alice",
                Cluster.inviteToken(add.out())).totpSecret();
        Path gateHome = dir.resolve("gate-home");
        String pin = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("CA pin:")).findFirst()
                .orElseThrow().split("\\s+")[2];
        var login = cluster.gate(gateHome, Users.PASSWORD + "\n" + TotpCodes.code(secret, TotpCodes.step(
                Instant.now())) + "\n", "login", "--proxy=127.0.0.1:" + cluster.webPort(), "--user=alice",
                "--ca-pin=" + pin);
        assertEquals(0, login.exit(), login.toString());
        var cfg = cluster.gate(gateHome, null, "config");
        assertEquals(0, cfg.exit(), cfg.toString());
        Path sshConfig = dir.resolve("ssh_config");
        Files.writeString(sshConfig, cfg.out());
        String clusterName = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("Cluster:"))
                .findFirst().orElseThrow().split(":\\s*", 2)[1].strip();
        var r = new Ssh(sshConfig).ssh(Cluster.LOGIN + "@half-broken." + clusterName, "echo still-$((20+1))");
        assertEquals(0, r.exit(), r + "\n--- agent\n" + agent.log());
        assertEquals("still-21", r.out().strip());
    }
}
