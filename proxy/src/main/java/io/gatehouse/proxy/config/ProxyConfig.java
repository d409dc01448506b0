package io.gatehouse.proxy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Operator-facing settings of the Proxy Service. */
@ConfigMapping(prefix = "gatehouse.proxy")
public interface ProxyConfig {
    Path dataDir();

    /** The proxy's host identity (gatectl auth sign --host=NAME --roles=proxy, or auth's proxy.identity). */
    Optional<Path> identityFile();

    /** host:port of the auth service's mutual-TLS API. */
    String authAddr();

    @WithDefault("3080")
    int webPort();

    @WithDefault("3023")
    int sshPort();

    /** The reverse-tunnel port agents dial. */
    @WithDefault("3024")
    int tunnelPort();

    /**
     * How many agents may be in the middle of their handshake on the tunnel port at once (like
     * OpenSSH's MaxStartups). Further connections are closed at once, before any key exchange, and
     * their agents retry with backoff: after a proxy restart the proxy works through its agents at
     * full speed instead of thrashing on all of them at once.
     */
    @WithDefault("200")
    int tunnelMaxHandshakes();

    /** Address the SSH and tunnel ports bind to. */
    @WithDefault("0.0.0.0")
    String sshHost();

    default Path identityPath() {
        return identityFile().orElse(dataDir().resolve("proxy.identity"));
    }
}
