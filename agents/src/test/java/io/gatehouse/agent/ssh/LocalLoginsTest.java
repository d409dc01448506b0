package io.gatehouse.agent.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalLoginsTest {
    @Test
    void aProgramRunsDirectlyAsTheLoginWithSshdsVariables() {
        LocalLogins.Launch l = new LocalLogins("root", true).program("root", List.of("/bin/true", "$(id)"));
        assertEquals(List.of(LocalLogins.RUNUSER, "-u", "root", "--", "/bin/true", "$(id)"), l.argv());
        assertEquals("root", l.env().get("USER"));
        assertTrue(l.env().containsKey("HOME") && l.directory().isPresent(), l.toString());
    }

    @Test
    void anAgentThatIsNotRootRunsItsOwnUsersProgramWithoutRunuser() {
        LocalLogins.Launch l = new LocalLogins("root", false).program("root", List.of("/bin/true"));
        assertEquals(List.of("/bin/true"), l.argv());
    }

    @Test
    void loginsWhoseShellRefusesLoginsTransferNoFiles() throws Exception {
        // As with OpenSSH, which starts sftp-server through the login's shell.
        String nologin = Files.readAllLines(Path.of("/etc/passwd")).stream().map(l -> l.split(":", -1))
                .filter(f -> f.length > 6 && f[6].endsWith("nologin")).map(f -> f[0]).findFirst().orElseThrow();
        LocalLogins logins = new LocalLogins("root", true);
        assertTrue(logins.fileTransferRefusal(nologin).orElseThrow().contains("no login shell"));
        assertTrue(logins.fileTransferRefusal("root").isEmpty());
    }
}
