package io.gatehouse.agent.db.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the PostgreSQL engine's tests share: a private PostgreSQL 15 per class (TLS, certificate
 * and password logins) and a fresh agent's Database Service in front of it per test.
 */
abstract class RealPostgresAgentTest {
    static PrivatePostgres pg;
    AgentUnderTest agent;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = new PrivatePostgres();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void startAgent() throws Exception {
        agent = new AgentUnderTest(pg);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }
}
