package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user logs out while a web terminal is open (another tab, as a page would hold it): the
 * terminal is told "you logged out" and closed at once, not at its next session check. Another
 * user's terminal on the same node keeps working.
 */
@SharedCluster
class LoggingOutClosesOpenTerminals {
    private static Cluster cluster;
    private static WebClient web;
    private static Users.Enrolled wes;
    private static Users.Enrolled ida;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
        wes = enrol(proxy, "wes");
        ida = enrol(proxy, "ida");
        web = new WebClient(cluster.webPort());
    }

    @Test
    void theOpenTerminalClosesAtLogoutAndAnotherUsersStaysOpen() throws Exception {
        WebClient.Session wesSession = web.login("wes", Users.PASSWORD, code(wes));
        WebClient.Session idaSession = web.login("ida", Users.PASSWORD, code(ida));
        var wesTerminal = open(wesSession, "one");
        var idaTerminal = open(idaSession, "two");

        var logout = web.call("DELETE", "/v1/webapi/sessions/current", null, wesSession.cookie(), wesSession.token(),
                web.origin());
        assertEquals(204, logout.status(), logout.message());
        long loggedOut = System.nanoTime();
        WebClient.waitFor(() -> wesTerminal.socket().isInputClosed(), Duration.ofSeconds(5));
        assertTrue(wesTerminal.socket().isInputClosed(), "wes's terminal is closed after the logout");
        assertTrue((System.nanoTime() - loggedOut) / 1_000_000 < 5_000, "closed at once, not at the next check");
        assertTrue(wesTerminal.texts().stream().anyMatch(t -> t.contains("session_expired")
                && t.contains("you logged out")), "the page is told why: " + wesTerminal.texts());

        idaTerminal.socket().sendBinary(ByteBuffer.wrap("echo still-$((6*7))\r".getBytes(StandardCharsets.UTF_8)),
                true).get(5, TimeUnit.SECONDS);
        WebClient.waitFor(() -> output(idaTerminal).contains("still-42"), Duration.ofSeconds(10));
        assertTrue(output(idaTerminal).contains("still-42"), "ida's terminal still works: " + output(idaTerminal));
        assertFalse(idaTerminal.socket().isInputClosed(), "ida's terminal is still open");
    }

    /** A terminal that answered a command, left open. */
    private static WebClient.Terminal open(WebClient.Session session, String word) throws Exception {
        var terminal = web.terminal(session, web.origin(), cluster.nodeName(), Cluster.LOGIN,
                "echo " + word + "-$((6*7))\r", Duration.ofSeconds(1));
        WebClient.waitFor(() -> output(terminal).contains(word + "-42"), Duration.ofSeconds(15));
        assertTrue(output(terminal).contains(word + "-42"), "the terminal answers: " + terminal.texts() + " "
                + output(terminal));
        return terminal;
    }

    private static String output(WebClient.Terminal terminal) {
        synchronized (terminal.output()) {
            return terminal.output().toString();
        }
    }

    private static Users.Enrolled enrol(ProxyCalls proxy, String name) throws Exception {
        var added = cluster.gatectl("users", "add", name, "--roles=access", "--logins=" + Cluster.LOGIN);
        assertEquals(0, added.exit(), added.toString());
        return Users.completeInvite(proxy, name, Cluster.inviteToken(added.out()));
    }

    /** The current step's code (enrolment spent the previous one); each user logs in once. */
    private static String code(Users.Enrolled user) throws Exception {
        return TotpCodes.code(user.totpSecret(), TotpCodes.step(Instant.now()));
    }
}
