package io.gatehouse.proxy.web;

import io.vertx.core.http.HttpServerRequest;

/**
 * The address a browser or gate connected from, for auth's per-source login limit. Taken from the
 * TCP connection itself, never from X-Forwarded-For or similar headers a client could write
 * (the proxy does not enable Quarkus' proxy-address-forwarding, so remoteAddress is the peer's).
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
    }
}
