package io.gatehouse.proxy.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.testing.MovableClock;
import io.gatehouse.shared.cert.Keys;
import io.vertx.core.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The one-time consent of a gate login: bound to the __Host- cookie, taken once, short-lived, escaped. */
class CliConsentTest {
    private static final String KEY = Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic());
    private static final CliLogin GATE = CliLogin.of("54321", Base64.getUrlEncoder().withoutPadding().encodeToString(
            KEY.getBytes(StandardCharsets.UTF_8))).orElseThrow();

    private static String tokenOfCookie(String setCookie) {
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return CliLogin.consentTokenOf(Cookie.cookie(CliLogin.COOKIE, value)).orElseThrow();
    }

    @Test
    void theCookieIsHostPrefixedSecureOnPathSlashWithoutDomain() {
        for (String c : new String[] {GATE.cookie(), GATE.cookie("t0k3n"), CliLogin.CLEARED}) {
            assertTrue(c.startsWith("__Host-gatehouse_sso_cli="), c);
            assertTrue(c.contains("; Path=/;") && c.contains("; Secure") && c.contains("; HttpOnly"), c);
            assertFalse(c.toLowerCase().contains("domain"), c);
        }
        assertEquals("t0k3n", tokenOfCookie(GATE.cookie("t0k3n")));
        String value = GATE.cookie("t0k3n").substring(CliLogin.COOKIE.length() + 1, GATE.cookie("t0k3n").indexOf(';'));
        assertEquals(GATE, CliLogin.fromCookie(Cookie.cookie(CliLogin.COOKIE, value)).orElseThrow());
    }

    @Test
    void aConsentIsTakenOnceAndOnlyWithTheTokenItsCookieCarries() {
        CliConsents consents = new CliConsents();
        String token = consents.offer("keycloak", "id.token.raw", GATE, "dev", "1.2.3.4").orElseThrow();
        String other = consents.offer("keycloak", "id.token.raw", GATE, "dev", "1.2.3.4").orElseThrow();
        assertTrue(consents.take(token, other, GATE).isEmpty(), "the cookie is bound to another consent");
        assertTrue(consents.take(token, token, GATE).isEmpty(), "a refused try used it up");
        assertTrue(consents.take(other, other, CliLogin.of("54322", Base64.getUrlEncoder().encodeToString(
                KEY.getBytes(StandardCharsets.UTF_8))).orElseThrow()).isEmpty(), "another gate port in the cookie");
        String third = consents.offer("keycloak", "id.token.raw", GATE, "dev", "1.2.3.4").orElseThrow();
        assertTrue(consents.take(third, null, GATE).isEmpty(), "no cookie token");
        String fourth = consents.offer("keycloak", "raw-4", GATE, "dev", "1.2.3.4").orElseThrow();
        assertEquals("raw-4", consents.take(fourth, fourth, GATE).orElseThrow().rawIdToken());
        assertTrue(consents.take(fourth, fourth, GATE).isEmpty(), "one time only");
    }

    @Test
    void aConsentExpiresAfterFiveMinutes() {
        MovableClock now = new MovableClock(Instant.parse("2026-12-06T00:00:00Z"));
        CliConsents consents = new CliConsents(now);
        String token = consents.offer("keycloak", "raw", GATE, "dev", "r").orElseThrow();
        now.advance(CliConsents.TTL.plusSeconds(1));
        assertTrue(consents.take(token, token, GATE).isEmpty());
    }

    @Test
    void thePageShowsClientUserAndFingerprintEscapedAndCannotBeFramed() {
        var r = CliConsentPage.render(GATE, "<img src=x onerror=alert(1)>\"'&", "keycloak", "tok");
        String html = (String) r.getEntity();
        assertTrue(html.contains("<span id=\"client\">127.0.0.1:54321</span>"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("<code id=\"fingerprint\">" + Keys.sshFingerprint(Keys.parseOpenSshPublicKey(KEY))
                + "</code>"), html);
        String csp = CliConsentPage.csp(GATE);
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'")
                && csp.contains("form-action 'self' http://127.0.0.1:54321;"), csp);
        assertEquals("DENY", r.getHeaderString("X-Frame-Options"));
        assertEquals("tok", tokenOfCookie(r.getHeaderString("Set-Cookie")));
    }
}
