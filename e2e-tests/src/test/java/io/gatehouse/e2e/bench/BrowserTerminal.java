package io.gatehouse.e2e.bench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web terminal's WebSocket as the page opens it, in Chromium, with the session's cookie; the
 * page itself times each key from send() to the arrival of its echo (performance.now()), so the
 * figures include the browser's WebSocket and TLS but no Java client or test-driver round trip.
 *
 * {@link #openEcho} opens the same kind of WebSocket to a local echo server instead (the floor any
 * web terminal has: the browser's own round trip); it is timed by the same {@code MEASURE} script.
 */
final class BrowserTerminal {
    private static final String OPEN = """
            async ({node, login, token}) => {
              const ws = new WebSocket(`wss://${location.host}/v1/webapi/terminal?node=${node}&login=${login}`
                  + `&cols=200&rows=50`);
              ws.binaryType = 'arraybuffer';
              const t = {ws, waiting: null, enc: new TextEncoder()};
              window.__bench = t;
              await new Promise((resolve, reject) => {
                ws.onopen = () => ws.send(JSON.stringify({type: 'auth', token}));
                ws.onclose = (e) => reject(new Error('closed: ' + e.code));
                ws.onmessage = (ev) => {
                  if (typeof ev.data === 'string') {
                    if (ev.data.includes('"connected"')) resolve();
                    if (ev.data.includes('"error"')) reject(new Error(ev.data));
                    return;
                  }
                  const w = t.waiting;
                  if (w && new Uint8Array(ev.data).includes(w.code)) {
                    t.waiting = null;
                    w.resolve(performance.now());
                  }
                };
              });
              await new Promise(r => setTimeout(r, 1500));
            }
            """;
    private static final String MEASURE = """
            async ([n, gap]) => {
              const t = window.__bench;
              const keys = 'abcdefghijklmnopqrstuvwxyz';
              const out = [];
              for (let i = 0; i < n; i++) {
                if (i % 40 === 0) {
                  t.ws.send(t.enc.encode('\\u0015'));
                  await new Promise(r => setTimeout(r, 30));
                }
                const code = keys.charCodeAt(i % keys.length);
                const echoed = new Promise(resolve => { t.waiting = {code, resolve}; });
                const t0 = performance.now();
                t.ws.send(t.enc.encode(keys[i % keys.length]));
                const t1 = await echoed;
                out.push(t1 - t0);
                if (gap > 0) await new Promise(r => setTimeout(r, gap));
              }
              return out;
            }
            """;

    /** As OPEN, to the page's own origin's echo server: every message comes straight back. */
    private static final String OPEN_ECHO = """
            async () => {
              const ws = new WebSocket(`wss://${location.host}/echo`);
              ws.binaryType = 'arraybuffer';
              const t = {ws, waiting: null, enc: new TextEncoder()};
              window.__bench = t;
              await new Promise((resolve, reject) => {
                ws.onopen = () => resolve();
                ws.onclose = (e) => reject(new Error('closed: ' + e.code));
                ws.onmessage = (ev) => {
                  if (typeof ev.data === 'string') return;
                  const w = t.waiting;
                  if (w && new Uint8Array(ev.data).includes(w.code)) {
                    t.waiting = null;
                    w.resolve(performance.now());
                  }
                };
              });
            }
            """;

    private final Page page;

    private BrowserTerminal(Page page) {
        this.page = page;
    }

    static BrowserTerminal open(Chromium chromium, int port, WebClient.Session session, String node, String login) {
        BrowserContext context = chromium.newContext();
        String origin = "https://127.0.0.1:" + port;
        context.addCookies(List.of(new Cookie(WebClient.COOKIE, session.cookie()).setUrl(origin).setSecure(true)
                .setHttpOnly(true).setSameSite(SameSiteAttribute.LAX)));
        Page page = context.newPage();
        page.navigate(origin + "/web/account");
        page.evaluate(OPEN, Map.of("node", node, "login", login, "token", session.token()));
        return new BrowserTerminal(page);
    }

    /** The echo server's page, in its own context (a window of its own), with its WebSocket open. */
    static BrowserTerminal openEcho(Chromium chromium, int echoPort) {
        Page page = chromium.newContext().newPage();
        page.navigate("https://127.0.0.1:" + echoPort + "/");
        page.evaluate(OPEN_ECHO);
        return new BrowserTerminal(page);
    }

    List<Double> measure(int n, int gapMs) {
        List<Double> ms = new ArrayList<>();
        for (Object o : (List<?>) page.evaluate(MEASURE, List.of(n, gapMs))) {
            ms.add(((Number) o).doubleValue());
        }
        return ms;
    }
}
