package io.gatehouse.auth.login;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.shared.api.ApiPaths;
import io.vertx.core.http.HttpServerRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a login attempt came from, for the per-source rate limit and the audit log. The proxy
 * names the browser's or gate's address in a header; that header is believed only from a caller
 * holding the proxy system role (anyone else could name any address). Without it, the address is
 * the TLS peer's.
 *
 * @param address the address as text (for the audit log)
 * @param limitKey what the rate limit counts: the IPv4 address, or the IPv6 /64 (one subscriber
 *     usually holds a whole /64, so counting single IPv6 addresses would not limit anyone)
 */
public record LoginSource(String address, String limitKey) {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** The source of an API request: the proxy's header if the caller is a proxy, else the TLS peer. */
    public static LoginSource of(Caller caller, HttpServerRequest http) {
        var peer = http.remoteAddress();
        return of(caller, http.getHeader(ApiPaths.CLIENT_ADDRESS_HEADER), peer == null ? null : peer.hostAddress());
    }

    /**
     * @param forwarded the proxy's client-address header, or null
     * @param peer the TLS peer's address as text, or null
     */
    public static LoginSource of(Caller caller, String forwarded, String peer) {
        boolean fromProxy = caller instanceof Caller.Host h && h.has(Authorizer.PROXY);
        if (fromProxy && forwarded != null && !forwarded.isBlank()) {
            return parse(forwarded.strip()).orElseThrow(() -> ApiException.invalid("the proxy sent a client "
                    + "address that is not an IP address; upgrade the proxy or report this as a bug"));
        }
        return parse(peer == null ? "" : peer).orElse(new LoginSource("unknown", "unknown"));
    }

    static Optional<LoginSource> parse(String text) {
        // Literals only: a name here would make InetAddress ask DNS.
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.contains(":") && IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(address.getAddress(), 8);
                return Optional.of(new LoginSource(address.getHostAddress(),
                        HexFormat.of().formatHex(prefix) + "::/64"));
            }
            // IPv4, including an IPv4-mapped IPv6 address (InetAddress returns those as IPv4).
            return Optional.of(new LoginSource(address.getHostAddress(), address.getHostAddress()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
