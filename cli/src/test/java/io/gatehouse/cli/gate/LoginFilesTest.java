package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gate db logout and gate apps logout: one login's files, or all of them; an unknown one is refused. */
class LoginFilesTest {
    @TempDir
    Path dir;

    private void login(String name) throws Exception {
        LoginFiles.write(dir, name, "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
                "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n", List.of());
    }

    @Test
    void logoutOfOneLeavesTheOthersAndOfAllLeavesNone() throws Exception {
        login("orders");
        login("payroll");
        LoginFiles.logout(dir, "orders", "database");
        assertFalse(LoginFiles.exists(dir, "orders"));
        assertTrue(LoginFiles.exists(dir, "payroll"));
        LoginFiles.logout(dir, null, "database");
        assertEquals(List.of(), LoginFiles.stored(dir));
    }

    @Test
    void logoutOfALoginThatIsNotThereSaysSoWithNotFound() throws Exception {
        login("grafana");
        CliException e = assertThrows(CliException.class, () -> LoginFiles.logout(dir, "kibana", "app"));
        assertEquals(ExitCodes.NOT_FOUND, e.exitCode());
        assertEquals("not logged in to app 'kibana'", e.getMessage());
        assertTrue(LoginFiles.exists(dir, "grafana"), "nothing else is touched");
    }
}
