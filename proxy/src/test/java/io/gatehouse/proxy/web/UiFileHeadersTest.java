package io.gatehouse.proxy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UiFileHeadersTest {
    @Test
    void thePageIsRevalidatedOnEveryLoadSoAnUpgradeReachesTheBrowser() {
        assertEquals("no-cache", UiFileHeaders.cachePolicy("/index.html", 200));
        assertEquals("no-cache", UiFileHeaders.cachePolicy("/", 200));
        assertEquals("no-cache", UiFileHeaders.cachePolicy("/index.html", 304));
    }

    @Test
    void contentNamedBundleFilesAreKeptForAYear() {
        assertEquals("public, max-age=31536000, immutable", UiFileHeaders.cachePolicy("/assets/index-3f9a1c.js", 200));
        assertEquals("public, max-age=31536000, immutable", UiFileHeaders.cachePolicy("/assets/index-3f9a1c.js", 304));
    }

    @Test
    void aMissingAssetAndTheApiKeepTheirOwnHeaders() {
        assertNull(UiFileHeaders.cachePolicy("/assets/gone-123.js", 404));
        assertNull(UiFileHeaders.cachePolicy("/index.html", 500));
        assertNull(UiFileHeaders.cachePolicy("/v1/webapi/sessions/current", 200));
        assertNull(UiFileHeaders.cachePolicy(null, 200));
    }

    @Test
    void headGetsTheContentTypeGetHas() {
        assertEquals("text/html;charset=UTF-8", UiFileHeaders.contentType("/"));
        assertEquals("text/html;charset=UTF-8", UiFileHeaders.contentType("/index.html"));
        assertEquals("text/javascript;charset=UTF-8", UiFileHeaders.contentType("/assets/index-3f9a1c.js"));
        assertEquals("text/css;charset=UTF-8", UiFileHeaders.contentType("/assets/index-3f9a1c.css"));
        assertEquals("font/woff2", UiFileHeaders.contentType("/assets/jetbrains-mono-latin-400-normal-x.woff2"));
    }
}
