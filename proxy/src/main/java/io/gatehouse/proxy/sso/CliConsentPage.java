package io.gatehouse.proxy.sso;

import jakarta.ws.rs.core.Response;

/**
 * The page that asks "Sign in gate on HOST as USER?" before a gate login gets certificates. Server
 * rendered, tiny and script-free: every value is escaped, no script may run, no other site may
 * frame it (a consent click must be the person's own), and the form posts only to this origin.
 */
final class CliConsentPage {
    static final String PATH = "/v1/webapi/sso/consent";

    private CliConsentPage() {
    }

    /**
     * The page's own policy, replacing the UI's (WebUiRoutes): no script at all, and form-action
     * also governs the redirect that follows the post, so it names gate's port and nowhere else.
     */
    static String csp(CliLogin cli) {
        return "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://" + cli.clientAddress()
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    /** The page; the caller puts {@link #csp} on the response in place of the UI's policy. */
    static Response render(CliLogin cli, String user, String connector, String token) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Sign in gate?</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font:16px system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}
                code{font-size:15px;word-break:break-all}button{font-size:16px;padding:.5em 1.2em;margin-right:1em}</style>
                </head><body>
                <h1>Sign in gate on <span id="client">%s</span> as <span id="user">%s</span>?</h1>
                <p>A <code>gate login --auth=%s</code> asks for certificates for your account, for the key with
                this fingerprint:</p>
                <p><code id="fingerprint">%s</code></p>
                <p>Continue only if you just ran <code>gate login</code> on this computer and it printed this
                fingerprint. If someone sent you this link, cancel: whoever holds that key would act as you.</p>
                <form method="post" action="%s">
                <input type="hidden" name="token" value="%s">
                <button type="submit" name="decision" value="allow" id="allow">Sign in</button>
                <button type="submit" name="decision" value="deny" id="deny">Cancel</button>
                </form></body></html>
                """.formatted(escape(cli.clientAddress()), escape(user), escape(connector),
                escape(cli.fingerprint()), PATH, escape(token));
        return Response.ok(html, "text/html; charset=utf-8").header("X-Frame-Options", "DENY").header("Cache-Control", "no-store")
                .header("Set-Cookie", cli.cookie(token)).build();
    }

    /** HTML text and attribute values alike. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
