package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which cluster and which keys a command uses: the logged-in profile, or --identity=PREFIX with
 * files from `gatectl auth sign` (for scripts and CI, like tsh -i) plus --proxy.
 */
final class Target {
    @Option(names = {"-i", "--identity"}, paramLabel = "PREFIX",
            description = "Use PREFIX, PREFIX-cert.pub, PREFIX.crt, PREFIX.cas (gatectl auth sign) instead of a login")
    Path identity;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", description = "The proxy's web address (default: the login's)")
    String proxy;

    /** Everything OpenSSH and the proxy API need to act for the user. */
    record Cluster(String proxy, String name, int sshPort, boolean tlsRouting, String user, KeySet keys, Path knownHosts,
            Path sshConfig) {
        String proxyHost() {
            return proxy.substring(0, proxy.lastIndexOf(':'));
        }

        int webPort() {
            return Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
        }

        String proxyAlias() {
            return "proxy." + name;
        }

        String nodeHost(String node) {
            return node.endsWith("." + name) ? node : node + "." + name;
        }

        ProxyApi api() {
            return new ProxyApi(proxy, keys.identity().sslContext("proxy"));
        }

        void requireValid() {
            Instant expires = keys.user().expires();
            if (!expires.isAfter(Instant.now())) {
                throw new CliException(ExitCodes.ACCESS_DENIED, "your certificate expired at " + expires
                        + ": run gate login again" + (name.isEmpty() ? "" : " (cluster " + name + ")"));
            }
        }
    }

    Cluster resolve(GateHome home) {
        if (identity != null) {
            return fromIdentity(home);
        }
        GateHome.Profile p = home.profile().orElseThrow(GateHome::notLoggedIn);
        KeySet keys = new KeySet(home.keyPrefix(p.proxy(), p.user()));
        if (!keys.exists()) {
            throw GateHome.notLoggedIn();
        }
        Path dir = keys.prefix().getParent();
        return new Cluster(p.proxy(), p.cluster(), p.sshPort(), p.tlsRouting(), p.user(), keys, dir.resolve("known_hosts"),
                dir.resolve("ssh_config"));
    }

    private Cluster fromIdentity(GateHome home) {
        KeySet keys = new KeySet(identity.toAbsolutePath());
        if (!keys.exists()) {
            throw new CliException(ExitCodes.INVALID, "--identity " + identity + ": expected " + identity + ", "
                    + keys.sshCertificate() + " and " + keys.tlsCertificate() + " (gatectl auth sign --out=" + identity
                    + ")");
        }
        String proxyAddr = proxy != null ? proxy : System.getenv("GATE_PROXY");
        if (proxyAddr == null) {
            proxyAddr = home.profile().map(GateHome.Profile::proxy).orElseThrow(() -> new CliException(
                    ExitCodes.USAGE, "--identity needs --proxy=HOST:3080 (or GATE_PROXY) to know where the proxy is"));
        }
        String user = keys.user().username();
        Path dir = home.root().resolve("identity").resolve(shortHash(keys.prefix().toString()));
        Cluster partial = new Cluster(proxyAddr, "", 0, false, user, keys, dir.resolve("known_hosts"),
                dir.resolve("ssh_config"));
        // What /find says changes only with the proxy's configuration: cached beside the generated
        // files for an hour, so repeated commands cost one HTTPS round trip less.
        Path cache = dir.resolve("find.json");
        JsonNode find = cachedFind(cache, proxyAddr);
        if (find == null) {
            // /find is public: ask without the client certificate, which may have expired already.
            find = new ProxyApi(proxyAddr, keys.identity().trustOnlySslContext("proxy")).ping();
            ((com.fasterxml.jackson.databind.node.ObjectNode) find).put("proxy", proxyAddr);
        } else if (Files.exists(partial.sshConfig()) && Files.exists(partial.knownHosts())) {
            return new Cluster(proxyAddr, find.path("cluster_name").asText(), find.path("ssh_port").asInt(3023),
                    find.path("tls_routing").asBoolean(false), user, keys, partial.knownHosts(), partial.sshConfig());
        }
        Cluster c = new Cluster(proxyAddr, find.path("cluster_name").asText(), find.path("ssh_port").asInt(3023),
                find.path("tls_routing").asBoolean(false), user, keys, partial.knownHosts(), partial.sshConfig());
        List<String> caKeys = new ArrayList<>();
        find.path("ssh_host_ca_keys").forEach(k -> caKeys.add(k.asText()));
        try {
            GateHome.ensureDir(dir.getParent());
            GateHome.ensureDir(dir);
            writeOpenSshFiles(c, caKeys);
            Files.writeString(cache, find.toString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write " + dir + ": " + e.getMessage());
        }
        return c;
    }

    /**
     * Everything the proxy said that goes into these files is checked first: OpenSSH would read a
     * newline in a cluster or user name as a new directive (ProxyCommand runs commands), and a
     * "key" that is not one could add any line to known_hosts.
     */
    static void writeOpenSshFiles(Cluster c, List<String> hostCaKeys) throws IOException {
        OpenSshNames.requireDnsName(c.name(), "cluster name");
        OpenSshNames.requireDnsName(c.proxyHost().replace("[", "").replace("]", ""), "proxy host");
        OpenSshNames.requireUserName(c.user());
        StringBuilder known = new StringBuilder();
        hostCaKeys.forEach(k -> known.append("@cert-authority * ").append(OpenSshNames.publicKey(k)).append(' ')
                .append(c.name()).append('\n'));
        Files.writeString(c.knownHosts(), known.toString());
        Files.writeString(c.sshConfig(), SshConfig.render(c));
    }

    private static JsonNode cachedFind(Path cache, String proxyAddr) {
        try {
            if (!Files.exists(cache) || Files.getLastModifiedTime(cache).toInstant().isBefore(Instant.now()
                    .minusSeconds(3600))) {
                return null;
            }
            JsonNode cached = io.gatehouse.shared.api.ApiJson.newMapper().readTree(Files.readString(cache));
            return proxyAddr.equals(cached.path("proxy").asText()) ? cached : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String shortHash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
