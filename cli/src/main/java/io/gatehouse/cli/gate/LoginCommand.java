package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.client.CaPin;
import io.gatehouse.shared.cert.Keys;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", description = "Log in with password and second factor; keys go to ~/.gate.")
final class LoginCommand implements Callable<Integer> {
    @Option(names = "--proxy", paramLabel = "HOST:PORT", description = "The proxy's web address, e.g. proxy.example.com:3080")
    String proxy;
    @Option(names = "--user", description = "Your Gatehouse user name (default: your local user name)")
    String user;
    @Option(names = "--ttl", description = "Certificate lifetime, e.g. 8h (capped by your roles)")
    String ttl;
    @Option(names = "--ca-pin", paramLabel = "sha256:HEX",
            description = "Trust the proxy only if its CA has this key (gatectl status shows the pin)")
    String caPin;
    @Option(names = "--insecure", description = "Do not verify the proxy's certificate (test clusters only)")
    boolean insecure;
    @Option(names = "--auth", paramLabel = "CONNECTOR",
            description = "Log in through an SSO connector in your browser (the login page lists them)")
    String auth;
    @Option(names = "--request-id", paramLabel = "ID",
            description = "Assume an approved access request: new certificates with its roles, ending with it "
                    + "(uses your current login; no password)")
    String requestId;

    @Override
    public Integer call() throws IOException {
        GateHome home = GateHome.fromEnvironment();
        var profile = home.profile();
        String proxyAddr = proxy != null ? proxy : profile.map(GateHome.Profile::proxy).orElseThrow(() ->
                new CliException(ExitCodes.USAGE, "which proxy? pass --proxy=HOST:3080"));
        if (!proxyAddr.matches(".+:\\d+")) {
            proxyAddr = proxyAddr + ":3080";
        }
        String name = user != null ? user : profile.filter(p -> p.proxy().equals(proxy) || proxy == null)
                .map(GateHome.Profile::user).orElse(System.getProperty("user.name"));
        KeySet keys = new KeySet(home.keyPrefix(proxyAddr, name));
        if (requestId != null) {
            return assume(proxyAddr, keys);
        }
        ProxyApi api = new ProxyApi(proxyAddr, trust(keys));
        JsonNode find = api.ping();
        KeyPair key = Keys.generateEcdsaP256();
        CertsResponse certs;
        if (auth != null && !auth.equals("local")) {
            certs = api.read(SsoBrowserLogin.run(proxyAddr, auth, key), CertsResponse.class);
            // The provider says who this is: the user name comes from the certificate.
            name = io.gatehouse.shared.cert.IdentityCodec.userFromX509(Keys.parseCertificatePem(
                    certs.tlsCertificate())).username();
            keys = new KeySet(home.keyPrefix(proxyAddr, name));
        } else {
            String[] secrets = readSecrets(name);
            certs = api.login(new LoginRequest(name, secrets[0], secrets[1], Keys.toOpenSshPublicKey(key.getPublic()),
                    ttl));
        }
        keys.write(Keys.sshPrivateKeyPem(key), certs.sshCertificate(), certs.tlsCertificate(),
                orEmpty(certs.tlsCaCertificates()));
        var dir = keys.prefix().getParent();
        var cluster = new Target.Cluster(proxyAddr, find.path("cluster_name").asText(), find.path("ssh_port")
                .asInt(3023), find.path("tls_routing").asBoolean(false), name, keys, dir.resolve("known_hosts"),
                dir.resolve("ssh_config"));
        Target.writeOpenSshFiles(cluster, orEmpty(certs.sshHostCaKeys()));
        home.saveProfile(new GateHome.Profile(proxyAddr, name, cluster.name(), cluster.sshPort(),
                cluster.tlsRouting()));
        var id = keys.user();
        System.out.println("Logged in to cluster '" + cluster.name() + "' as " + name + " until " + id.expires()
                + ".");
        System.out.println("  Roles:  " + String.join(", ", id.roles()));
        System.out.println("  Logins: " + String.join(", ", id.logins()));
        System.out.println("Next: gate ls, then gate ssh LOGIN@NODE (or: gate config >> ~/.ssh/config)");
        return 0;
    }

    /**
     * Certificates for a fresh key with the approved request's roles, proven by the current login;
     * they replace it (log in with the password again to return to your own roles).
     */
    private int assume(String proxyAddr, KeySet keys) throws IOException {
        if (!Files.exists(keys.cas()) || !keys.user().expires().isAfter(java.time.Instant.now())) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "assuming a request needs a current login: run gate "
                    + "login first, then gate login --request-id=" + requestId);
        }
        KeyPair key = Keys.generateEcdsaP256();
        CertsResponse certs = new ProxyApi(proxyAddr, keys.identity().sslContext("proxy")).assume(requestId,
                new AccessRequestDto.Assume(Keys.toOpenSshPublicKey(key.getPublic())));
        keys.write(Keys.sshPrivateKeyPem(key), certs.sshCertificate(), certs.tlsCertificate(),
                orEmpty(certs.tlsCaCertificates()));
        var id = keys.user();
        System.out.println("Assumed access request " + requestId + " until " + id.expires() + ".");
        System.out.println("  Roles:  " + String.join(", ", id.roles()));
        System.out.println("  Logins: " + String.join(", ", id.logins()));
        System.out.println("When it ends, run gate login again for your own roles.");
        return 0;
    }

    /** Pin or --insecure for a first contact; afterwards the CAs saved by the last login. */
    private SSLContext trust(KeySet keys) {
        if (caPin != null) {
            return CaPin.sslContext(caPin);
        }
        if (insecure) {
            System.err.println("WARNING: --insecure: the proxy's certificate is not verified; your password could "
                    + "reach an impostor. Use --ca-pin on anything but a test cluster.");
            return trustAll();
        }
        if (Files.exists(keys.cas())) {
            return keys.identity().sslContext("proxy");
        }
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From the terminal without echo; from standard input (a line each) when there is no terminal. */
    private static String[] readSecrets(String name) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] password = console.readPassword("Password for %s: ", name);
            String totp = console.readLine("Second factor (6-digit code from your authenticator app): ");
            if (password == null || totp == null) {
                throw new CliException(ExitCodes.USAGE, "login cancelled");
            }
            return new String[] {new String(password), totp.strip()};
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String password = in.readLine();
        String totp = in.readLine();
        if (password == null || totp == null) {
            throw new CliException(ExitCodes.USAGE, "no terminal: give the password and the TOTP code on standard "
                    + "input, one line each");
        }
        return new String[] {password, totp.strip()};
    }
}
