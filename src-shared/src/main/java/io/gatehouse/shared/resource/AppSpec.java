package io.gatehouse.shared.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An application an agent's App Service serves: {@code uri} where the agent reaches it (seen from
 * the agent, never dialled by the proxy) — {@code http://} or {@code https://} for web apps,
 * {@code tcp://host:port} for anything else that speaks over TCP; {@code publicAddr} the host name
 * users will open an HTTP app at (empty: {@code <name>.<proxy public host>}); {@code hostId} the
 * agent that serves it, from its certificate (the proxy routes through that agent's tunnel).
 */
public record AppSpec(String uri, String publicAddr, String hostId) implements HostedSpec {
    public static final String TCP = "tcp";
    public static final String HTTP = "http";
    private static final Pattern PUBLIC_ADDR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final String EXAMPLES = "e.g. tcp://127.0.0.1:5432, http://127.0.0.1:3000 or "
            + "https://grafana.internal:443";

    public AppSpec {
        uri = uri == null ? "" : uri;
        publicAddr = publicAddr == null ? "" : publicAddr;
        hostId = hostId == null ? "" : hostId;
    }

    /** "tcp" for a TCP app, "http" for a web app (http:// or https:// upstream). */
    public String uriKind() {
        return uri.regionMatches(true, 0, "tcp://", 0, 6) ? TCP : HTTP;
    }

    public boolean tcp() {
        return TCP.equals(uriKind());
    }

    /** Why {@code uri} cannot be an app's address, for a person; empty when it can. */
    public static Optional<String> uriProblem(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("an app needs a uri, " + EXAMPLES);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("'" + uri + "' is not a URI (" + e.getReason() + "); " + EXAMPLES);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("'" + uri + "' must start with tcp://, http:// or https://; " + EXAMPLES);
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return Optional.of("'" + uri + "' names no host (HOST:PORT after " + scheme + "://); " + EXAMPLES);
        }
        // Credentials in an app's address would be shown to every user who lists apps.
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("'" + uri.replaceAll("//[^@/]*@", "//...@") + "' carries a user name or password; "
                    + "an app's address is shown to its users, so it may not hold credentials");
        }
        if (parsed.getPort() == 0 || parsed.getPort() > 65535) {
            return Optional.of("'" + uri + "' has port " + parsed.getPort() + ", not 1-65535");
        }
        if (scheme.equals("tcp")) {
            if (parsed.getPort() < 0) {
                return Optional.of("'" + uri + "' needs a port: tcp://HOST:PORT, e.g. tcp://127.0.0.1:5432");
            }
            boolean extra = (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty())
                    || parsed.getRawQuery() != null || parsed.getRawFragment() != null;
            if (extra) {
                return Optional.of("'" + uri + "' is a TCP app: only tcp://HOST:PORT, no path or query");
            }
        }
        return Optional.empty();
    }

    /** Why {@code publicAddr} cannot be a host name for the app; empty when it can (or is empty). */
    public static Optional<String> publicAddrProblem(String publicAddr) {
        if (publicAddr == null || publicAddr.isEmpty() || PUBLIC_ADDR.matcher(publicAddr).matches()) {
            return Optional.empty();
        }
        return Optional.of("public_addr '" + publicAddr + "' must be a host name (letters, digits, '.' and '-'), "
                + "e.g. grafana.gatehouse.example.com");
    }
}
