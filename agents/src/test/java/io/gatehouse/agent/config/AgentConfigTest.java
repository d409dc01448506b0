package io.gatehouse.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    private AgentConfig read(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, "node_name: n1\ndata_dir: " + dir + "\n" + yaml);
        return AgentConfig.read(file);
    }

    @Test
    void diagnosticsAreOffUnlessDiagAddrIsSet() throws Exception {
        assertEquals(Optional.empty(), read("").diagAddr());
        assertEquals(Optional.of(new AgentConfig.HostPort("127.0.0.1", 3000)), read("diag_addr: 127.0.0.1:3000\n")
                .diagAddr());
        assertEquals("::1", read("diag_addr: \"[::1]:3000\"\n").diagAddr().orElseThrow().host());
    }

    @Test
    void aDiagAddrThatIsNotHostPortStopsTheAgentAndSaysWhatToWrite() {
        var e = assertThrows(IllegalArgumentException.class, () -> read("diag_addr: 3000\n"));
        assertTrue(e.getMessage().endsWith("diag_addr '3000' is not HOST:PORT, e.g. 127.0.0.1:3000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("diag_addr: localhost:70000\n"));
    }

    @Test
    void theDesktopsSectionIsLeftForTheDesktopServiceToCheckAndEnablesItWhenItListsAny() throws Exception {
        assertFalse(read("").desktops().enabled());
        assertFalse(read("desktops: []\n").desktops().enabled());
        // Not a list: the desktop service fails at start with DesktopConfig's message; the agent starts.
        AgentConfig wrong = read("desktops: {name: office}\n");
        assertTrue(wrong.desktops().enabled());
        assertEquals("desktops", wrong.desktops().key());
    }

    @Test
    void theDatabasesSectionIsLeftForTheDatabaseServiceToCheck() throws Exception {
        assertFalse(read("").databases().enabled());
        AgentConfig one = read("databases: [{name: orders-db, protocol: postgres, uri: 127.0.0.1:5432}]\n");
        assertTrue(one.databases().enabled());
        assertEquals("databases", one.databases().key());
    }
}
