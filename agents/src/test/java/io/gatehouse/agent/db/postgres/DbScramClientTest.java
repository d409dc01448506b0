package io.gatehouse.agent.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** RFC 7677's SCRAM-SHA-256 exchange, byte for byte (the engine's login is tested against PostgreSQL itself). */
class DbScramClientTest {
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    @Test
    void theRfcsExchange() throws IOException {
        ScramClient c = new ScramClient("user", "rOprNGfwEbeRWgbNEkqO");
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", new String(c.clientFirst(), StandardCharsets.UTF_8));
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", new String(c.clientFinal(
                SERVER_FIRST.getBytes(StandardCharsets.UTF_8), "pencil".toCharArray()), StandardCharsets.UTF_8));
        c.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.UTF_8));
    }

    private static final String PROOF = "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private final AtomicInteger derivations = new AtomicInteger();
    private final ScramClient.KeyCache cache = new ScramClient.KeyCache((password, salt, iterations) -> {
        derivations.incrementAndGet();
        return ScramClient.Keys.derive(password, salt, iterations);
    });

    /** One login with the cache's slot for {@code db}: the client-final message, the server's signature checked. */
    private String login(String db, String serverFirst, String password, String serverFinal) throws IOException {
        ScramClient c = new ScramClient("user", "rOprNGfwEbeRWgbNEkqO", cache.slot(db));
        c.clientFirst();
        String last = new String(c.clientFinal(serverFirst.getBytes(StandardCharsets.UTF_8), password.toCharArray()),
                StandardCharsets.UTF_8);
        c.verifyServerFinal(serverFinal.getBytes(StandardCharsets.UTF_8));
        return last;
    }

    @Test
    void aSecondLoginWithTheSamePasswordAndSaltReusesTheKeysAndStillProvesThePassword() throws IOException {
        assertTrue(login("db", SERVER_FIRST, "pencil", SERVER_FINAL).endsWith(PROOF));
        assertTrue(login("db", SERVER_FIRST, "pencil", SERVER_FINAL).endsWith(PROOF));
        assertEquals(1, derivations.get());
    }

    @Test
    void aChangedPasswordFileDerivesTheKeysAgain() throws IOException {
        login("db", SERVER_FIRST, "pencil", SERVER_FINAL);
        assertThrows(IOException.class, () -> login("db", SERVER_FIRST, "pen", SERVER_FINAL),
                "keys from the new password, which the server (still on pencil) does not sign for");
        assertEquals(2, derivations.get());
        assertTrue(login("db", SERVER_FIRST, "pencil", SERVER_FINAL).endsWith(PROOF));
        assertEquals(3, derivations.get(), "one slot per database: the last password only");
    }

    @Test
    void aNewSaltOrIterationCountDerivesTheKeysAgain() throws IOException {
        login("db", SERVER_FIRST, "pencil", SERVER_FINAL);
        String otherSalt = SERVER_FIRST.replace("s=W22ZaJ0SNY7soEsUEjb6gQ==", "s=AAAAaJ0SNY7soEsUEjb6gQ==");
        assertThrows(IOException.class, () -> login("db", otherSalt, "pencil", SERVER_FINAL));
        String otherCount = SERVER_FIRST.replace("i=4096", "i=4097");
        assertThrows(IOException.class, () -> login("db", otherCount, "pencil", SERVER_FINAL));
        assertEquals(3, derivations.get());
    }

    @Test
    void eachDatabaseHasItsOwnSlot() throws IOException {
        login("one", SERVER_FIRST, "pencil", SERVER_FINAL);
        login("two", SERVER_FIRST, "pencil", SERVER_FINAL);
        login("one", SERVER_FIRST, "pencil", SERVER_FINAL);
        assertEquals(2, derivations.get());
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsCaught() throws IOException {
        ScramClient c = new ScramClient("user", "rOprNGfwEbeRWgbNEkqO");
        c.clientFirst();
        c.clientFinal(SERVER_FIRST.getBytes(StandardCharsets.UTF_8), "pencil".toCharArray());
        assertThrows(IOException.class, () -> c.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
                .getBytes(StandardCharsets.UTF_8)));
        ScramClient other = new ScramClient("user", "abc");
        other.clientFirst();
        IOException e = assertThrows(IOException.class, () -> other.clientFinal(SERVER_FIRST.getBytes(
                StandardCharsets.UTF_8), "pencil".toCharArray()));
        assertEquals("the database's SCRAM nonce does not extend the agent's", e.getMessage());
    }
}
