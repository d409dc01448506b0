package io.gatehouse.proxy.routing;

import java.util.Map;

/**
 * A feature that serves Gatehouse protocols on the web port beyond SSH (the databases, TCP apps;
 * next Kubernetes): a bean the router finds by type, so routing does not depend on the features.
 */
public interface RouteSource {
    /** Its routes by ALPN name; called once at start-up, after the proxy has its identity. */
    Map<String, Route> routes() throws Exception;
}
