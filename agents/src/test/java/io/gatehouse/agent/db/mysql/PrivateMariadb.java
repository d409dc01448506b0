package io.gatehouse.agent.db.mysql;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A MariaDB of the test's own (mariadb-install-db + mariadbd as the mysql user, a temporary data
 * directory, a spare loopback port) with TLS: its server certificate from a test database CA, and
 * client certificates checked against a test client CA, as a deployment would configure it with
 * the cluster's db and db-client CAs.
 */
final class PrivateMariadb implements AutoCloseable {
    final Path dir;
    final int port;
    final KeyPair serverCaKey = Keys.generateEcdsaP256();
    final X509Certificate serverCa = X509CertificateSigner.selfSignedCa(serverCaKey, "test", CaType.DB,
            Duration.ofHours(2));
    final KeyPair clientCaKey = Keys.generateEcdsaP256();
    final X509Certificate clientCa = X509CertificateSigner.selfSignedCa(clientCaKey, "test", CaType.DB_CLIENT,
            Duration.ofHours(2));
    private final Process server;

    PrivateMariadb(boolean tls) throws Exception {
        dir = Files.createTempDirectory("gh-mariadb");
        port = freePort();
        KeyPair serverKey = Keys.generateEcdsaP256();
        X509Certificate serverCert = new X509CertificateSigner(serverCaKey, serverCa).issueServer(serverKey.getPublic(),
                "db", "127.0.0.1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(2), 2);
        Files.writeString(dir.resolve("client-ca.pem"), Keys.certificateToPem(clientCa));
        Files.writeString(dir.resolve("server-cert.pem"), Keys.certificateToPem(serverCert));
        Files.writeString(dir.resolve("server-key.pem"), Keys.privateKeyToPem(serverKey.getPrivate()));
        run(List.of("chown", "-R", "mysql:mysql", dir.toString()));
        run(List.of("mariadb-install-db", "--no-defaults", "--user=mysql", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=socket", "--skip-test-db"));
        List<String> cmd = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--user=mysql",
                "--datadir=" + dir.resolve("data"), "--socket=" + socket(), "--port=" + port,
                "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("mariadb.pid"),
                "--log-error=" + dir.resolve("error.log"), "--max-allowed-packet=64M", "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M"));
        if (tls) {
            cmd.addAll(List.of("--ssl-ca=" + dir.resolve("client-ca.pem"), "--ssl-cert=" + dir.resolve("server-cert.pem"),
                    "--ssl-key=" + dir.resolve("server-key.pem")));
        }
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sqlOk("SELECT 1")) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                String log = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
                throw new IOException("the test MariaDB did not start: " + log);
            }
            Thread.sleep(200);
        }
    }

    /** A client certificate from the test client CA with subject CN={@code cn}. */
    X509Certificate clientCertificate(PublicKey key, String cn) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(clientCa, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), new X500Name("CN=" + cn), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider("SunEC").build(clientCaKey.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    /** Runs SQL as root through the server's socket; returns its output (batch, no column names). */
    String sql(String statements) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb", "--no-defaults", "--socket=" + socket(), "-u", "root", "--batch",
                "--skip-column-names").redirectErrorStream(true).start();
        p.getOutputStream().write(statements.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mariadb as root failed: " + out);
        }
        return out;
    }

    /** The server dies at once, as a crash would end it. */
    void kill() {
        server.destroyForcibly();
    }

    private boolean sqlOk(String statement) {
        try {
            sql(statement);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Path socket() {
        return dir.resolve("mariadb.sock");
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
