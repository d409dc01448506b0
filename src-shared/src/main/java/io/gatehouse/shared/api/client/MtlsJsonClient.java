package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The mutual-TLS flavour of {@link ApiTransport} with failures as {@link AuthCallException}: how
 * the proxy and the agents call auth (and agents the proxy) by path. New code asks {@link #api()}
 * for the typed calls; these path-level methods remain for call sites not yet ported.
 */
public final class MtlsJsonClient {
    private final ApiTransport transport;

    public MtlsJsonClient(SSLContext ssl, String hostPort) {
        this.transport = ApiTransport.https(ssl, hostPort, ErrorMapping.authCall());
    }

    public ApiTransport transport() {
        return transport;
    }

    /** Auth's typed calls (resources, roles, CAs, audit, recordings) over this connection. */
    public ApiClient api() {
        return new ApiClient(transport);
    }

    /** An agent's own calls (heartbeat, events, recordings, renewal, request states) over this connection. */
    public AgentCalls agent() {
        return new AgentCalls(transport);
    }

    public <T> T get(String path, Class<T> type) {
        return transport.get(path, type);
    }

    /** A GET with one extra header (a proxy forwarding the certificate of the user it acts for). */
    public <T> T get(String path, Class<T> type, String header, String value) {
        return transport.withHeader(header, value).get(path, type);
    }

    /**
     * A GET whose body is handed over unread (a recording's content), to be streamed on by the
     * caller, who closes it. A refusal comes back as AuthCallException like any other call's.
     */
    public InputStream download(String path, String header, String value) {
        return transport.withHeader(header, value).download(path);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return transport.send("POST", path, body, type);
    }

    /**
     * Any method, with a JSON body (or none) and one extra header (or none): the proxy acting for
     * a browser user, whose certificate it forwards in {@code header}.
     */
    public <T> T call(String method, String path, Object body, Class<T> type, String header, String value) {
        return (header == null ? transport : transport.withHeader(header, value)).send(method, path, body, type);
    }

    /**
     * For start-up: makes the call until the server answers (it may be starting too), telling
     * {@code onWait} each time, for at most {@code limit}; an HTTP error is a refusal, not retried.
     */
    public <T> T whenReachable(String what, Duration limit, Consumer<String> onWait,
            Function<MtlsJsonClient, T> call) {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            try {
                return call.apply(this);
            } catch (AuthCallException e) {
                if (e.status() != 0 || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                onWait.accept("cannot reach " + transport.target() + " for " + what + " yet (" + e.getMessage()
                        + "); retrying in 2 s");
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public ObjectMapper json() {
        return transport.json();
    }
}
