package io.gatehouse.shared.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a database certificate leads (gate db login NAME --db-user U --db-name D): the database
 * resource, its protocol, and the database user and name the holder asked for, carried in the user
 * certificate's routing extension (UserIdentity.routing) so the proxy and the agent read the same
 * route from what auth signed, never from the client's start-up message alone.
 */
public record DbRoute(String service, String protocol, String user, String database) {
    public static final String SERVICE = "db_service";
    public static final String PROTOCOL = "db_protocol";
    public static final String USER = "db_user";
    public static final String DATABASE = "db_name";

    public DbRoute {
        service = service == null ? "" : service;
        protocol = protocol == null ? "" : protocol;
        user = user == null ? "" : user;
        database = database == null ? "" : database;
    }

    public Map<String, String> toRouting() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SERVICE, service);
        m.put(PROTOCOL, protocol);
        m.put(USER, user);
        m.put(DATABASE, database);
        return m;
    }

    /** The route a certificate's routing extension names, if it names a database. */
    public static Optional<DbRoute> of(Map<String, String> routing) {
        String service = routing.getOrDefault(SERVICE, "");
        if (service.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DbRoute(service, routing.get(PROTOCOL), routing.get(USER), routing.get(DATABASE)));
    }
}
