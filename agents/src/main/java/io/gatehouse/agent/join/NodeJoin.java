package io.gatehouse.agent.join;

import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.api.client.CaPin;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

/**
 * First start: spend the join token at the proxy (trusting it only through the CA pin) for host
 * certificates, and keep them in the data dir; later starts reuse them and never need the token.
 */
public final class NodeJoin {
    public static final String IDENTITY = "node.identity";

    /** The join was refused: the message says what to do; the agent exits with it. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private NodeJoin() {
    }

    /**
     * {@code systemRoles}: what the agent's services need in its certificate ("node"; "db" when it
     * serves databases, whose client certificates auth signs only for the db role), asked for at
     * join; the token must allow each.
     */
    public static IdentityFile identity(Path dataDir, String nodeName, String proxyAddr, Optional<String> token,
            Optional<String> caPin, List<String> systemRoles) throws IOException {
        Path file = dataDir.resolve(IDENTITY);
        if (Files.exists(file)) {
            return IdentityFile.read(file);
        }
        if (token.isEmpty() || caPin.isEmpty()) {
            throw new Refused("this agent has not joined yet: set token (or token_file) and ca_pin in its "
                    + "configuration; create a token with gatectl tokens add --type=" + String.join(",", systemRoles));
        }
        KeyPair key = Keys.generateEcdsaP256();
        var proxy = new MtlsJsonClient(CaPin.sslContext(caPin.get()), proxyAddr);
        HostCertsResponse certs;
        try {
            certs = proxy.post("/v1/webapi/join", new JoinRequest(token.get(), nodeName, null, systemRoles,
                    List.of(), Keys.toOpenSshPublicKey(key.getPublic())), HostCertsResponse.class);
        } catch (AuthCallException e) {
            String advice = e.status() == 0 || e.status() >= 500
                    ? "; check proxy_addr and that the proxy and auth run, then start the agent again"
                    : "; ask an admin for a new token (gatectl tokens add --type=" + String.join(",", systemRoles) + "), put it in the agent's "
                    + "configuration (token or token_file) and start the agent again";
            throw new Refused("joining through the proxy at " + proxyAddr + " failed: " + e.getMessage() + advice);
        }
        IdentityFile identity = new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), certs.sshCertificate(),
                certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshUserCaKeys());
        identity.writeTo(file);
        return identity;
    }
}
