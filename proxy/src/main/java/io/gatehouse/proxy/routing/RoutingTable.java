package io.gatehouse.proxy.routing;

import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.routing.TlsRouting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a connection to the web port goes, by the ALPN names of its ClientHello (Teleport's TLS
 * routing, RFD 0039). This is the one table of protocols the web port speaks:
 *
 * <pre>
 * ALPN                          route
 * (none), http/1.1, h2          the web UI and API (Quarkus), TLS passed through untouched
 * gatehouse-ssh                 the SSH jump host, TLS terminated here
 * gatehouse-tunnel              agents' reverse tunnels, TLS terminated here
 * gatehouse-postgres, -mysql    the database fronts, TLS terminated here (a user certificate wanted)
 * gatehouse-app-tcp             TCP apps (gate proxy app), TLS terminated here (a user certificate wanted)
 * gatehouse-kube                reserved for the Kubernetes access to come: refused until a handler
 *                               serves it
 * anything else                 refused and audited
 * </pre>
 *
 * The client's order decides between names it offers (RFC 7301 3.2: the server picks, and the
 * client lists its preference first).
 *
 * @param <H> what serves a terminated protocol (the proxy: a {@link Route})
 */
public final class RoutingTable<H> {
    /** What to do with a connection. */
    public sealed interface Decision<H> {
    }

    /** Hand the connection, ClientHello and all, to the web listener. */
    public record Web<H>() implements Decision<H> {
    }

    /** Terminate TLS answering {@code protocol}, then give the plaintext to {@code handler}. */
    public record Terminate<H>(String protocol, H handler) implements Decision<H> {
    }

    /** Close the connection; {@code reason} is for the audit log and names what was asked for. */
    public record Refuse<H>(String reason) implements Decision<H> {
    }

    private final Map<String, H> handlers;

    /** {@code handlers}: the gatehouse-* protocols this proxy serves; every other reserved name is refused. */
    public RoutingTable(Map<String, H> handlers) {
        handlers.keySet().forEach(name -> {
            if (!TlsRouting.PROTOCOLS.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a Gatehouse protocol name: "
                        + TlsRouting.PROTOCOLS);
            }
        });
        this.handlers = new LinkedHashMap<>(handlers);
    }

    public Decision<H> decide(ClientHello hello) {
        List<String> offered = hello.alpn();
        if (offered.isEmpty()) {
            return new Web<>(); // browsers and HTTP clients that do not negotiate
        }
        for (String name : offered) {
            if (TlsRouting.HTTP.contains(name)) {
                return new Web<>();
            }
            H handler = handlers.get(name);
            if (handler != null) {
                return new Terminate<>(name, handler);
            }
            if (TlsRouting.PROTOCOLS.contains(name)) {
                return new Refuse<>("the protocol " + name + " is not served by this proxy yet");
            }
        }
        return new Refuse<>("no protocol this proxy serves among the ALPN names offered: "
                + SafeText.of(String.join(", ", offered)));
    }

    /** What serves {@code protocol}, if this proxy serves it (PostgreSQL's plaintext preface has no ALPN). */
    public java.util.Optional<H> handler(String protocol) {
        return java.util.Optional.ofNullable(handlers.get(protocol));
    }

    /** The gatehouse-* names served, for /v1/webapi/ping. */
    public List<String> served() {
        return List.copyOf(handlers.keySet());
    }
}
