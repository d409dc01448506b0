package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * `gate login --auth=CONNECTOR`: the identity provider's login runs in a browser. gate listens on
 * a loopback port and prints (and, with a desktop, opens) the proxy's login link carrying that
 * port and the public key gate generated; the certificates come back to the port, issued for that
 * key alone, so an intercepted redirect is useless without gate's private key.
 */
final class SsoBrowserLogin {
    static final Duration WAIT = Duration.ofMinutes(5);

    private SsoBrowserLogin() {
    }

    /** The certificates (CertsResponse JSON) for {@code key}, after the user's browser round trip. */
    static JsonNode run(String proxyAddr, String connector, KeyPair key) throws IOException {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callback", exchange -> answer(exchange, result, key));
        server.start();
        try {
            String publicKey = Keys.toOpenSshPublicKey(key.getPublic());
            String link = "https://" + proxyAddr + "/v1/webapi/sso/" + URLEncoder.encode(connector,
                    StandardCharsets.UTF_8) + "/login?cli_port=" + server.getAddress().getPort() + "&cli_key="
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8));
            System.out.println("Log in through '" + connector + "' in your browser: " + link);
            // The proxy's consent page shows the key it is asked to certify: the person compares.
            System.out.println("The browser will ask you to confirm this key: " + Keys.sshFingerprint(key.getPublic()));
            System.out.flush();
            openBrowser(link);
            return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "no answer from the browser within " + WAIT.toMinutes()
                    + " minutes; run gate login --auth=" + connector + " again");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliException c ? c : new CliException(ExitCodes.ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        } finally {
            server.stop(1); // lets the answer to the browser finish
        }
    }

    /** Answers the browser first, then hands the outcome over (gate stops the server right after). */
    private static void answer(HttpExchange exchange, CompletableFuture<JsonNode> result, KeyPair key)
            throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String page;
        JsonNode certs = null;
        CliException failure = null;
        if (query.containsKey("error")) {
            page = "Gatehouse: the login was refused: " + Sanitizer.clean(query.get("error"));
            failure = new CliException(ExitCodes.ACCESS_DENIED, "SSO login refused: " + Sanitizer.clean(query.get(
                    "error")));
        } else {
            try {
                certs = ApiJson.newMapper().readTree(Base64.getUrlDecoder().decode(query.getOrDefault("certs", "")));
                // Only certificates for this process's own key are taken (any page could call this port).
                var issued = Keys.parseCertificatePem(certs.path("tls_certificate").asText()).getPublicKey();
                if (!Arrays.equals(issued.getEncoded(), key.getPublic().getEncoded())) {
                    throw new IOException("the certificate is not for this login's key");
                }
                page = "Gatehouse: you are logged in. You can close this tab and return to the terminal.";
            } catch (IOException | RuntimeException e) {
                page = "Gatehouse: this answer is not a login for this terminal; run gate login again.";
                failure = new CliException(ExitCodes.ACCESS_DENIED, "the browser brought back no usable "
                        + "certificates (" + e.getMessage() + "); run gate login again");
            }
        }
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(certs);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** $BROWSER, or xdg-open on a desktop; otherwise the printed link is the way. */
    private static void openBrowser(String link) {
        String browser = System.getenv("BROWSER");
        boolean desktop = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        String command = browser != null && !browser.isBlank() ? browser : desktop ? "xdg-open" : null;
        if (command == null || command.equals("none")) {
            return;
        }
        try {
            new ProcessBuilder(command, link).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("(could not start " + command + ": open the link yourself)");
        }
    }
}
