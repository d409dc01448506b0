package io.gatehouse.proxy.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.MimeMapping;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers of the UI's files that Quarkus' static handler gets wrong for a browser.
 *
 * <p>Caching: Vite names every bundle file after its content (/assets/index-3f9a1c.js), so those
 * never change and are kept for a year; index.html names the current ones, so it is revalidated on
 * every load (a 304 when unchanged): an upgraded proxy's UI is the one the next page load gets.
 * The static handler sent index.html as `immutable, max-age=86400`, leaving browsers on the old UI
 * for a day.
 *
 * <p>HEAD: the static handler answers it without the Content-Type a GET has; it is added here.
 */
final class UiFileHeaders {
    static final String PAGE = "no-cache";
    static final String HASHED_ASSET = "public, max-age=31536000, immutable";

    private UiFileHeaders() {
    }

    /** Sets the headers as the response's are written, after the static handler set its own. */
    static void apply(RoutingContext rc) {
        // Each pass registers: a reroute (/web/... -> /index.html) drops the handlers added before it.
        rc.addHeadersEndHandler(v -> {
            var response = rc.response();
            String path = rc.normalizedPath();
            String policy = cachePolicy(path, response.getStatusCode());
            if (policy == null) {
                return;
            }
            response.headers().set("Cache-Control", policy);
            if (rc.request().method() == HttpMethod.HEAD && !response.headers().contains("Content-Type")) {
                String type = contentType(path);
                if (type != null) {
                    response.headers().set("Content-Type", type);
                }
            }
        });
    }

    /** The Cache-Control for a UI file's path and status, or null for anything else (API answers, errors). */
    static String cachePolicy(String path, int status) {
        if (path == null || (status != 200 && status != 304)) {
            return null;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            return PAGE;
        }
        if (path.startsWith("/assets/")) {
            return HASHED_ASSET;
        }
        return null;
    }

    /** The Content-Type the static handler gives a GET of this path (text in UTF-8). */
    static String contentType(String path) {
        String type = MimeMapping.getMimeTypeForFilename(path.equals("/") ? "/index.html" : path);
        if (type == null) {
            return null;
        }
        return type.startsWith("text/") ? type + ";charset=UTF-8" : type;
    }
}
