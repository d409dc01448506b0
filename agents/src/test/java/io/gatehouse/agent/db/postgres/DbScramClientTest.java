package io.gatehouse.agent.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
