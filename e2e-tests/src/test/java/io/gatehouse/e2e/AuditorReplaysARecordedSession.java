package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded interactive session travels from the node to auth after it ends; its user and an
 * auditor list it with gate, replay it in the terminal and with the real asciinema player; other
 * users cannot see it, and nobody but a proxy can ask auth to act for a user. A shell without a
 * terminal (ssh -T, commands on stdin) is recorded too, and permit_pty: false refuses a terminal.
 */
@SharedCluster
class AuditorReplaysARecordedSession {
    private static Cluster cluster;
    private static String node;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        String clusterName = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("Cluster:"))
                .findFirst().orElseThrow().split(":\\s*", 2)[1].strip();
        node = cluster.nodeName() + "." + clusterName;
        Path role = dir.resolve("recorded.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata:
                  name: recorded
                spec:
                  allow:
                    logins: ["{{internal.logins}}"]
                    node_labels: {"*": "*"}
                  options:
                    record_session: true
                """);
        ok(cluster.gatectl("create", "-f", role.toString()));
        Path noTerminal = dir.resolve("no-terminal.yaml");
        Files.writeString(noTerminal, Files.readString(role).replace("name: recorded", "name: no-terminal")
                .replace("record_session: true", "record_session: true\n    permit_pty: false"));
        ok(cluster.gatectl("create", "-f", noTerminal.toString()));
        ok(cluster.gatectl("users", "add", "rita", "--roles=recorded", "--logins=" + Cluster.LOGIN));
        ok(cluster.gatectl("users", "add", "sam", "--roles=no-terminal", "--logins=" + Cluster.LOGIN));
        ok(cluster.gatectl("users", "add", "olga", "--roles=auditor,access", "--logins=" + Cluster.LOGIN));
        ok(cluster.gatectl("users", "add", "pete", "--roles=access", "--logins=" + Cluster.LOGIN));
        for (String u : List.of("rita", "olga", "pete", "sam")) {
            ok(cluster.gatectl("auth", "sign", "--user=" + u, "--ttl=1h", "--out=" + dir.resolve(u)));
        }
    }

    @Test
    void aRecordedShellIsListedAndReplaysTheSameOutput() throws Exception {
        var cfg = gate("rita", "config");
        ok(cfg);
        Files.writeString(dir.resolve("rita.cfg"), cfg.out());
        Process shell = new ProcessBuilder("ssh", "-tt", "-F", dir.resolve("rita.cfg").toString(),
                Cluster.LOGIN + "@" + node).redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var out = shell.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = out.read(buf)) > 0; ) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException ignored) {
                // the shell went away; what it printed is in the buffer
            }
        });
        OutputStream in = shell.getOutputStream();
        // Type as a person does: after the prompt, and the next line after the answer.
        awaitScreen(screen, "$ ");
        in.write("echo recorded-$((6*7))\r".getBytes(StandardCharsets.UTF_8));
        in.flush();
        awaitScreen(screen, "recorded-42");
        in.write("exit\r".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS), "the shell ends after exit:\n" + screen);
        reader.join(5000);
        String live = screen.toString();
        assertTrue(live.contains("recorded-42"), live);

        String session = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (session == null && Instant.now().isBefore(deadline)) {
            Matcher m = Pattern.compile("([0-9a-f-]{36})\\s+\\S+\\s+rita\\s+" + Cluster.LOGIN).matcher(gate("rita", "recordings",
                    "ls").out());
            session = m.find() ? m.group(1) : null;
            Thread.sleep(500);
        }
        assertTrue(session != null, "rita's recording listed within 30 s\n" + cluster.log("agent"));

        var auditorView = gate("olga", "recordings", "ls");
        assertTrue(auditorView.out().contains(session), "an auditor sees every recording: " + auditorView);
        var otherUser = gate("pete", "recordings", "ls");
        assertFalse(otherUser.out().contains(session), "pete sees only his own: " + otherUser);
        var forbidden = gate("pete", "play", session);
        assertEquals(3, forbidden.exit(), forbidden.toString());

        var played = gate("olga", "play", "--speed=20", session);
        ok(played);
        assertTrue(played.out().contains("recorded-42"), played.out());

        Path cast = dir.resolve("session.cast");
        ok(gate("rita", "play", session, "--save=" + cast));
        var asciinema = Proc.run(List.of("asciinema", "play", "-s", "20", cast.toString()), Map.of(),
                Duration.ofSeconds(60));
        assertEquals(0, asciinema.exit(), asciinema.toString());
        assertTrue(asciinema.out().contains("recorded-42"), asciinema.out());
    }

    /** Neither `ssh -T` with the commands on stdin nor asking for a terminal gets around the roles. */
    @Test
    void aShellWithoutATerminalIsRecordedTooAndPermitPtyFalseRefusesATerminal() throws Exception {
        var cfg = gate("sam", "config");
        ok(cfg);
        Path config = dir.resolve("sam.cfg");
        Files.writeString(config, cfg.out());
        var terminal = Proc.run(List.of("ssh", "-tt", "-F", config.toString(), Cluster.LOGIN + "@" + node, "tty"),
                Map.of(), null, Duration.ofSeconds(60));
        assertFalse(terminal.out().contains("/dev/pts"), terminal.toString());
        assertTrue(terminal.err().contains("PTY allocation request failed"), terminal.toString());

        var piped = Proc.run(List.of("ssh", "-T", "-F", config.toString(), Cluster.LOGIN + "@" + node), Map.of(),
                "echo piped-$((6*7))\nexit\n", Duration.ofSeconds(60));
        ok(piped);
        assertTrue(piped.out().contains("piped-42"), piped.toString());
        String session = null;
        Instant deadline = Instant.now().plusSeconds(30);
        while (session == null && Instant.now().isBefore(deadline)) {
            for (Matcher m = Pattern.compile("([0-9a-f-]{36})\\s+\\S+\\s+sam\\s+").matcher(gate("olga",
                    "recordings", "ls").out()); m.find() && session == null; ) {
                String played = gate("olga", "play", "--speed=20", m.group(1)).out();
                session = played.contains("piped-42") ? m.group(1) : null;
            }
            Thread.sleep(500);
        }
        assertTrue(session != null, "sam's shell without a terminal was recorded and uploaded within 30 s\n"
                + cluster.log("agent"));
    }

    @Test
    void onlyAProxyMayAskAuthToActForAUser() throws Exception {
        ok(cluster.gatectl("auth", "sign", "--user=pete", "--ttl=1h", "--format=identity", "--out="
                + dir.resolve("pete.identity")));
        var direct = new ProxyCalls(dir.resolve("pete.identity"), cluster.port());
        String olgaCert = java.util.Base64.getEncoder().encodeToString(java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(Files.newInputStream(dir.resolve("olga.crt")))
                .getEncoded());
        var r = direct.getWithHeader("/v1/recordings", "Gatehouse-Forwarded-User-Cert", olgaCert);
        assertEquals(401, r.status(), r.body().toString());
        assertTrue(r.message().contains("only a proxy may act for a user"), r.body().toString());
    }

    private static Proc.Result gate(String user, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-i", dir.resolve(user).toString(), "--proxy=127.0.0.1:" + cluster.webPort()));
        return cluster.gate(dir.resolve("gate-" + user), null, all.toArray(String[]::new));
    }

    private static void awaitScreen(StringBuffer screen, String text) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!screen.toString().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("'" + text + "' not on the screen within 30 s:\n" + screen);
            }
            Thread.sleep(100);
        }
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
