package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user works in a web terminal when the node's agent dies: the page is told the connection to
 * the node was lost (not left hanging), and a new terminal to the offline node is refused with a
 * message saying it is offline.
 */
class WebTerminalSaysWhenTheNodeGoesAway {
    private static Cluster cluster;
    private static Users.Enrolled user;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster();
        cluster.start();
        var add = cluster.gatectl("users", "add", "ola", "--roles=access", "--logins=" + Cluster.LOGIN);
        assertEquals(0, add.exit(), add.toString());
        user = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), "ola",
                Cluster.inviteToken(add.out()));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theTerminalSaysTheNodeWentAwayAndANewOneSaysItIsOffline() throws Exception {
        WebClient web = new WebClient(cluster.webPort());
        var session = web.login("ola", Users.PASSWORD, TotpCodes.code(user.totpSecret(),
                TotpCodes.step(Instant.now())));
        var open = web.terminal(session, web.origin(), cluster.nodeName(), Cluster.LOGIN, "echo up-$((1+1))\r",
                Duration.ofSeconds(3));
        assertTrue(open.output().toString().contains("up-2"), open.texts() + "\n" + open.output());

        long killed = System.nanoTime();
        cluster.kill("agent");
        WebClient.waitFor(() -> open.texts().stream().anyMatch(t -> t.contains("\"error\"")), Duration.ofSeconds(30));
        double seconds = (System.nanoTime() - killed) / 1e9;
        String last = open.texts().get(open.texts().size() - 1);
        assertTrue(last.contains("\"offline\"") && last.contains("was lost"), "a clear message: " + open.texts());
        System.out.printf("web terminal told of the lost node %.1f s after its agent died%n", seconds);

        // The node is offline within three heartbeats; a new terminal is refused with that reason.
        String texts = "";
        for (int i = 0; i < 20 && !texts.contains("offline"); i++) {
            Thread.sleep(1000);
            var again = web.terminal(session, web.origin(), cluster.nodeName(), Cluster.LOGIN, null,
                    Duration.ofSeconds(3));
            texts = String.join("\n", again.texts());
        }
        assertTrue(texts.contains("\"offline\"") || texts.contains("not_found"), texts);
    }
}
