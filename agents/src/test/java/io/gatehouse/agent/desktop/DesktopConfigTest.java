package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class DesktopConfigTest {
    private static final Path FILE = Path.of("agent.yaml");
    @TempDir
    Path dir;

    private static List<DesktopConfig> parse(String yaml) {
        Object raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return DesktopConfig.parse(FILE, raw);
    }

    @Test
    void aDesktopWithLoginsFromAFileAndTheEnvironment() throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cret\n");
        DesktopConfig d = parse("""
                - name: office
                  addr: 10.0.0.5
                  labels: {env: dev}
                  logins:
                    alice: {password_file: %s}
                    bob: {password_env: BOB_PW}
                """.formatted(secret)).get(0);
        assertEquals("10.0.0.5:3389", d.addr(), "the RDP port by default");
        assertEquals(Map.of("env", "dev"), d.labels());
        assertEquals(32, d.colorDepth());
        assertEquals("s3cret", d.logins().get("alice").read(v -> null), "the file's text, without its newline");
        assertEquals("b0b", d.logins().get("bob").read(Map.of("BOB_PW", "b0b")::get));
        IOException missing = assertThrows(IOException.class, () -> d.logins().get("bob").read(v -> null));
        assertTrue(missing.getMessage().contains("BOB_PW"), missing.getMessage());
        assertTrue(d.logins().get("alice").toString().contains(secret.toString()));
    }

    @Test
    void aPasswordWrittenInTheConfigIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("""
                - name: office
                  addr: 10.0.0.5:3389
                  logins: {alice: {password: hunter2}}
                """));
        assertTrue(e.getMessage().contains("password_file") && !e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void mistakesNameTheDesktopAndWhatToWrite() {
        assertRefused("- {name: Office!, addr: h, logins: {a: {password_env: X}}}", "desktop name 'Office!'");
        assertRefused("- {name: office, addr: 'h:99999', logins: {a: {password_env: X}}}", "addr 'h:99999'");
        assertRefused("- {name: office, addr: h}", "needs logins");
        assertRefused("- {name: office, addr: h, logins: {a: {password_env: X}}, colour: 8}", "unknown desktop setting");
        assertRefused("- {name: office, addr: h, logins: {a: {password_env: X}}, color_depth: 8}", "color_depth");
        assertRefused("""
                - {name: office, addr: h, logins: {a: {password_env: X}}}
                - {name: office, addr: g, logins: {a: {password_env: X}}}
                """, "listed twice");
        assertRefused("office: {addr: h}", "must be a list");
    }

    private static void assertRefused(String yaml, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
