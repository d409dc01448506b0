package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.ServerTrust;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class DesktopConfigTest {
    private static final Path FILE = Path.of("agent.yaml");
    private static final String PIN = "sha256:" + "2A:".repeat(31) + "3A";
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
                  tls: {fingerprint: "%s"}
                  logins:
                    alice: {password_file: %s}
                    bob: {password_env: BOB_PW}
                """.formatted(PIN, secret)).get(0);
        assertEquals("10.0.0.5:3389", d.addr(), "the RDP port by default");
        assertEquals(Map.of("env", "dev"), d.labels());
        assertEquals(32, d.colorDepth());
        assertEquals(ServerTrust.fingerprint(PIN), d.trust());
        assertEquals(RdpSettings.Security.NEGOTIATE, d.security(), "whichever the desktop picks, by default");
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
                  tls: {insecure_skip_verify: true}
                  logins: {alice: {password: hunter2}}
                """));
        assertTrue(e.getMessage().contains("password_file") && !e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void mistakesNameTheDesktopAndWhatToWrite() {
        assertRefused("- {name: Office!, addr: h, logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}}", "desktop name 'Office!'");
        assertRefused("- {name: office, addr: 'h:99999', logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}}", "addr 'h:99999'");
        assertRefused("- {name: office, addr: h, tls: {insecure_skip_verify: true}}", "needs logins");
        assertRefused("- {name: office, addr: h, logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}, colour: 8}", "unknown desktop setting");
        assertRefused("- {name: office, addr: h, logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}, color_depth: 8}", "color_depth");
        assertRefused("""
                - {name: office, addr: h, logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}}
                - {name: office, addr: g, logins: {a: {password_env: X}}, tls: {insecure_skip_verify: true}}
                """, "listed twice");
        assertRefused("office: {addr: h}", "must be a list");
    }

    /** Deny by default: a desktop that does not say how to recognise it gets no password, and the agent says why. */
    @Test
    void aDesktopWithoutTlsIsRefusedNamingItAndTheOptions() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("""
                - name: office
                  addr: 10.0.0.5
                  logins: {alice: {password_env: PW}}
                """));
        assertTrue(e.getMessage().startsWith("agent.yaml: desktop 'office' has no tls setting"), e.getMessage());
        for (String option : List.of("fingerprint", "openssl x509 -noout -fingerprint -sha256", "ca_file",
                "server_name", "insecure_skip_verify")) {
            assertTrue(e.getMessage().contains(option), option + " missing from: " + e.getMessage());
        }
    }

    @Test
    void tlsPinsFingerprintsTrustsACaFileOrExplicitlyNothing() throws Exception {
        String hex = "ab".repeat(32);
        assertEquals(ServerTrust.fingerprint(PIN), one("tls: {fingerprint: \"" + PIN + "\"}").trust());
        assertEquals(ServerTrust.fingerprint(PIN), one("tls:\n    fingerprint: " + PIN).trust(), "block style, unquoted");
        assertEquals(ServerTrust.fingerprints(List.of(PIN, hex)), one("tls: {fingerprint: [\"" + PIN + "\", " + hex
                + "]}").trust(), "old and new certificate during a replacement");
        Path ca = dir.resolve("ca.pem");
        X509Certificate cert = X509CertificateSigner.selfSignedCa(Keys.generateEcdsaP256(), "rdp", CaType.HOST,
                Duration.ofDays(1));
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        ServerTrust.CertificateAuthority trust = (ServerTrust.CertificateAuthority) one("tls: {ca_file: " + ca
                + ", server_name: office.corp.example}").trust();
        assertEquals(1, trust.anchors().size());
        assertEquals(Optional.of("office.corp.example"), trust.serverName());
        assertEquals(new ServerTrust.InsecureSkipVerify(), one("tls: {insecure_skip_verify: true}").trust());
    }

    @Test
    void securityIsNlaTlsOrNegotiate() {
        String tls = "tls: {insecure_skip_verify: true}\n  ";
        assertEquals(RdpSettings.Security.NLA, one(tls + "security: nla").security());
        assertEquals(RdpSettings.Security.TLS, one(tls + "security: tls").security());
        assertEquals(RdpSettings.Security.NEGOTIATE, one(tls + "security: negotiate").security());
    }

    @Test
    void tlsMistakesNameTheDesktopAndTheOptions() {
        String base = "- {name: office, addr: h, logins: {a: {password_env: X}}, ";
        assertRefused(base + "tls: {fingerprint: \"" + PIN + "\", insecure_skip_verify: true}}", "exactly one of");
        assertRefused(base + "tls: {fingerprint: \"sha256:AB:CD\"}}", "desktop 'office': tls.fingerprint");
        assertRefused(base + "tls: {insecure_skip_verify: false}}", "must be true");
        assertRefused(base + "tls: {server_name: x, fingerprint: \"" + PIN + "\"}}", "only goes with tls.ca_file");
        assertRefused(base + "tls: {pin: x}}", "unknown tls setting 'pin'");
        assertRefused(base + "tls: {ca_file: " + dir.resolve("missing.pem") + "}}", "missing.pem");
        assertRefused(base + "tls: yes}", "tls must be a mapping");
        assertRefused(base + "tls: {fingerprint: }}", "tls.fingerprint has no value");
        assertRefused(base + "tls: {insecure_skip_verify: true}, security: ssl}", "security 'ssl' is not one of nla");
    }

    private DesktopConfig one(String settings) {
        return parse("""
                - name: office
                  addr: 10.0.0.5
                  logins: {alice: {password_env: PW}}
                  %s
                """.formatted(settings)).get(0);
    }

    private static void assertRefused(String yaml, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
