package io.gatehouse.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.desktop.DesktopAgentService;
import io.gatehouse.shared.api.InventoryHeartbeat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceSupervisorTest {
    /** What happened, in order: "start ssh", "beat node", "stop ssh"... */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch beats = new CountDownLatch(2);

    private ServiceSupervisor supervisor(AgentService... services) {
        return new ServiceSupervisor(List.of(services), a -> () -> {
            log.add("beat " + a.kind());
            beats.countDown();
        });
    }

    @Test
    void aServiceThatThrowsOnStartFailsAloneAndTheOthersKeepRunning() throws Exception {
        var supervisor = supervisor(new Recorded("ssh", "node", log), new Failing("desktop",
                new IllegalArgumentException("agent.yaml: desktop 'office': tls.ca_file: /etc/corp.pem: no such file")),
                new Recorded("db", "db", log));
        supervisor.startAll(null);

        assertTrue(beats.await(5, TimeUnit.SECONDS), "the services that started heartbeat: " + log);
        assertTrue(log.containsAll(List.of("start ssh", "start db", "beat node", "beat db")), log.toString());
        assertEquals(List.of(ServiceHealth.State.UP, ServiceHealth.State.FAILED, ServiceHealth.State.UP),
                supervisor.health().stream().map(ServiceHealth::state).toList());
        assertEquals(Optional.of("agent.yaml: desktop 'office': tls.ca_file: /etc/corp.pem: no such file"),
                supervisor.health().get(1).problem());
        assertTrue(!supervisor.allUp(), "an agent with a failed service is not ready");
    }

    @Test
    void aServiceWhoseLibraryIsMissingFailsAloneToo() {
        var supervisor = supervisor(new Failing("kube", new NoClassDefFoundError("io/fabric8/kubernetes/Client")),
                new Recorded("ssh", "node", log));
        supervisor.startAll(null);
        assertEquals(ServiceHealth.State.FAILED, supervisor.health().get(0).state());
        assertEquals(ServiceHealth.State.UP, supervisor.health().get(1).state());
    }

    @Test
    void theReasonKeepsTheCauseWhereTheMessageAloneSaysLittle() {
        assertEquals("cannot listen: Address already in use", ServiceSupervisor.reason(new java.io.IOException(
                "cannot listen", new java.net.BindException("Address already in use"))));
        assertEquals("NullPointerException", ServiceSupervisor.reason(new NullPointerException()));
    }

    @Test
    void servicesStopInReverseOrderAndOneThatFailsToStopDoesNotKeepTheOthersUp() {
        var supervisor = supervisor(new Recorded("ssh", "node", log), new Recorded("desktop", "desktop", log) {
            @Override
            public void stop() throws Exception {
                super.stop();
                throw new IllegalStateException("stuck");
            }
        }, new Failing("db", new IllegalStateException("no")), new Recorded("app", "app", log));
        supervisor.startAll(null);
        supervisor.close();
        assertEquals(List.of("stop app", "stop desktop", "stop ssh"), log.stream().filter(l -> l.startsWith("stop"))
                .toList(), "the failed one never started, so it is not stopped");
        assertEquals(List.of(ServiceHealth.State.STOPPED, ServiceHealth.State.STOPPED, ServiceHealth.State.FAILED,
                ServiceHealth.State.STOPPED), supervisor.health().stream().map(ServiceHealth::state).toList());
    }

    @Test
    void theSubsystemOfAServiceThatFailedIsRefusedWithWhy() throws Exception {
        var supervisor = supervisor(new Recorded("ssh", "node", log), new Failing("desktop",
                new IllegalArgumentException("desktops must be a list")) {
            @Override
            public List<String> subsystems() {
                return List.of("gatehouse-desktop");
            }
        });
        supervisor.startAll(null);
        assertEquals(List.of("gatehouse-desktop"), supervisor.names());
        var route = assertInstanceOf(SubsystemRoutes.Refused.class, supervisor.open("gatehouse-desktop", null));
        assertEquals("the desktop service is not running on this node: desktops must be a list; an admin sees why "
                + "in the agent's log and /readyz", route.reason());
        assertThrows(java.io.IOException.class, () -> supervisor.open("gatehouse-kube", null));
    }

    @Test
    void aMistakeInTheDesktopsSectionFailsTheDesktopServiceOnly() {
        Path file = Path.of("/etc/gatehouse/agent.yaml");
        var desktops = new DesktopAgentService(new AgentConfig.Section(file, "desktops", List.of(Map.of("name",
                "office", "addr", "10.0.0.9", "logins", Map.of("alice", Map.of("password_file", "/etc/pw")),
                "tls", Map.of("ca_file", "/nonexistent/corp-ca.pem")))));
        var supervisor = supervisor(new Recorded("ssh", "node", log), desktops);
        supervisor.startAll(new AgentContext(null, null, List.of(), null, null, e -> { }, null, Optional.empty(),
                supervisor));
        ServiceHealth desktop = supervisor.health().get(1);
        assertEquals(ServiceHealth.State.FAILED, desktop.state());
        assertTrue(desktop.problem().orElseThrow().contains("desktop 'office'")
                && desktop.problem().orElseThrow().contains("/nonexistent/corp-ca.pem"), desktop.toString());
        assertEquals(ServiceHealth.State.UP, supervisor.health().get(0).state());
    }

    @Test
    void twoServicesOfOneNameAreAMistake() {
        assertThrows(IllegalArgumentException.class, () -> supervisor(new Recorded("ssh", "node", log),
                new Recorded("ssh", "node", log)));
    }

    /** A service that starts, announces one entry of its kind and records its calls. */
    static class Recorded implements AgentService {
        private final String name;
        private final String kind;
        private final List<String> log;

        Recorded(String name, String kind, List<String> log) {
            this.name = name;
            this.kind = kind;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(AgentContext context) {
            log.add("start " + name);
        }

        @Override
        public List<Announcement> announcements() {
            return List.of(new Announcement(kind, () -> List.of(new InventoryHeartbeat.Entry(name, Map.of(),
                    Map.of()))));
        }

        @Override
        public void stop() throws Exception {
            log.add("stop " + name);
        }
    }

    /** A service whose start throws. */
    static class Failing implements AgentService {
        private final String name;
        private final Throwable failure;

        Failing(String name, Throwable failure) {
            this.name = name;
            this.failure = failure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(AgentContext context) throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }

        @Override
        public List<Announcement> announcements() {
            throw new AssertionError("a service that did not start announces nothing");
        }

        @Override
        public void stop() {
            throw new AssertionError("a service that did not start is not stopped");
        }
    }
}
