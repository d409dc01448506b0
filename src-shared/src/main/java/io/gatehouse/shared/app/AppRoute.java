package io.gatehouse.shared.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an app certificate leads (gate apps login NAME): the app resource by name, carried in the
 * user certificate's routing extension (UserIdentity.routing), so the proxy and the agent read the
 * app from what auth signed, never from what the client asks for. The same shape as DbRoute.
 *
 * <p>Room for HTTP apps: a browser's app session will add {@code app_session_id} (the app session
 * bound to the web session) and {@code app_public_addr} (the host name it was launched for); a
 * route without them is a certificate for a CLI client (gate proxy app, curl --cert).
 */
public record AppRoute(String name) {
    public static final String NAME = "app_name";

    public AppRoute {
        name = name == null ? "" : name;
    }

    public Map<String, String> toRouting() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, name);
        return m;
    }

    /** The route a certificate's routing extension names, if it names an app. */
    public static Optional<AppRoute> of(Map<String, String> routing) {
        String name = routing.getOrDefault(NAME, "");
        return name.isEmpty() ? Optional.empty() : Optional.of(new AppRoute(name));
    }
}
