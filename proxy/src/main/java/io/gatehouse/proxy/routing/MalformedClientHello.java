package io.gatehouse.proxy.routing;

/** What a client sent to the web port is not the start of a TLS ClientHello the router can route. */
public final class MalformedClientHello extends Exception {
    public MalformedClientHello(String message) {
        super(message, null, false, false);
    }
}
