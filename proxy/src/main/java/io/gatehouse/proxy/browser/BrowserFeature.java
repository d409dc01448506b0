package io.gatehouse.proxy.browser;

import io.vertx.core.http.HttpServerRequest;

/**
 * One kind of browser socket (the web terminal, the desktop; later file transfer, shared sessions,
 * Kubernetes exec): what it connects to and how. Everything else — the Origin and cookie checks
 * before the upgrade, the bearer as the first message, the session look-up, the watch that ends the
 * socket with the session, certificate or access request, the refusal format, the clean-up — is
 * the shared path's ({@link BrowserSocketGate}, {@link BrowserBridge}), so a feature cannot skip it.
 * A feature is a CDI singleton that calls {@link BrowserSocketGate#route} once from its
 * {@code @Observes Router} method.
 *
 * @param <T> the feature's target, parsed from the upgrade's query before the socket exists
 */
public interface BrowserFeature<T> {
    /** "terminal", "desktop": in refusals ("terminals open only from pages of this proxy") and logs. */
    String name();

    /** What the person calls one socket of this kind, for messages: "this terminal", "this desktop session". */
    String what();

    /** The target from the query; IllegalArgumentException with a message for the person (a 400). */
    T target(HttpServerRequest request);

    /** Audits a socket refused before its target was read (a foreign page), with the raw query. */
    void refusedRequest(HttpServerRequest request, String reason);

    /** Audits the proxy's own refusal of this target ({@link Refused} from {@link BrowserConnection#open}). */
    void refused(String user, T target, String reason, String from);

    /** The page proved itself: a new connection for this socket (cheap, on the event loop; open() does the work). */
    BrowserConnection connect(T target, BrowserSocket socket);
}
