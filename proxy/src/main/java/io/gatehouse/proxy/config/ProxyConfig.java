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

    /**
     * The web port: a TLS router (routing/TlsRouter) that serves the web UI and API and, by ALPN,
     * the SSH jump host and the reverse tunnels, so one open port is enough.
     */
    @WithDefault("3080")
    int webPort();

    /** Address the web port binds to. */
    @WithDefault("0.0.0.0")
    String webHost();

    /**
     * Loopback port of the HTTPS listener (Quarkus) behind the router; it takes connections only
     * from the router (they must begin with a PROXY protocol line). Pick a free one when several
     * proxies share a host.
     */
    @WithDefault("3081")
    int webInternalPort();

    /**
     * Whether /v1/webapi/ping tells gate and agents to use the web port for SSH and tunnels
     * (Teleport's proxy_listener_mode: multiplex). false sends them to the separate ports; the web
     * port routes either way.
     */
    @WithDefault("true")
    boolean tlsRouting();

    /**
     * Whether the SSH and tunnel ports listen on ssh-host (for plain OpenSSH -J users and older
     * agents). false: only the web port serves them (both then listen on an unadvertised loopback
     * port, as MINA needs a listener to run).
     */
    @WithDefault("true")
    boolean separateListeners();

    /** Connections on the web port that may be reading their ClientHello or TLS handshake at once. */
    @WithDefault("1000")
    int webMaxPending();

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

    /** Where the SSH and tunnel servers listen: ssh-host, or unadvertised loopback without separate listeners. */
    default String separateListenerHost() {
        return separateListeners() ? sshHost() : "127.0.0.1";
    }

    default Path identityPath() {
        return identityFile().orElse(dataDir().resolve("proxy.identity"));
    }
}
