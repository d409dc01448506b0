package io.gatehouse.proxy.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The browser-facing side of :3080: security headers on every response (pages, assets, JSON),
 * caching of the UI's files and HEAD ({@link UiFileHeaders}), and the single-page app's routes (/web/...)
 * answered with index.html so a reload or a shared link lands on the right page; HEAD answers as
 * GET does, without the body. The files themselves come from the web-ui jar (META-INF/resources),
 * gzip-compressed by Quarkus when the browser accepts it (quarkus.http.compress-media-types).
 */
@Singleton
public class WebUiRoutes {
    /**
     * No inline script may run ('self' only); styles may be inline (the component library and
     * the terminal set style attributes). connect-src 'self' covers wss:// to this origin.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'; object-src 'none'";

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            secure(rc.response());
            UiFileHeaders.apply(rc);
            rc.next();
        });
        router.routeWithRegex("/web(/.*)?").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(Integer.MIN_VALUE + 20).handler(rc -> rc.reroute("/index.html"));
    }

    static void secure(HttpServerResponse response) {
        var h = response.headers();
        h.set("Content-Security-Policy", CSP);
        h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }
}
