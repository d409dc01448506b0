package io.gatehouse.shared.api;

/** Paths of the auth API on :3025 (mutual TLS). One place so server and clients cannot drift. */
public final class ApiPaths {
    public static final String STATUS = "/v1/status";
    public static final String RESOURCES = "/v1/resources";
    public static final String USERS = "/v1/users";
    public static final String TOKENS = "/v1/tokens";
    public static final String CERTS_USER = "/v1/certs/user";
    public static final String CERTS_HOST = "/v1/certs/host";
    public static final String CERTS_HOST_RENEW = "/v1/certs/host/renew";
    public static final String CERTS_DB_SERVER = "/v1/certs/db-server";
    /** A user's database-routed certificate (SignDbRequest); at the proxy: /v1/webapi/certs/db. */
    public static final String CERTS_DB = "/v1/certs/db";
    /** An agent's client certificate for a database it serves (SignDbClientRequest). */
    public static final String CERTS_DB_CLIENT = "/v1/certs/db-client";
    /** A user's app-routed certificate (SignAppRequest); at the proxy: /v1/webapi/certs/app. */
    public static final String CERTS_APP = "/v1/certs/app";
    /**
     * An agent's request for the identity token (JWT) an app it serves receives for one user
     * (AppJwtRequest); the public keys are at the proxy's {@link #JWKS}.
     */
    public static final String APPS_JWT = "/v1/apps/jwt";
    /** At the proxy's web port, public: the jwt CA's keys, for apps to verify their identity tokens. */
    public static final String JWKS = "/.well-known/jwks.json";
    public static final String CAS = "/v1/cas";
    public static final String AUDIT_EVENTS = "/v1/audit/events";
    public static final String INVITES = "/v1/invites";
    public static final String LOGIN = "/v1/login";
    public static final String JOIN = "/v1/join";
    public static final String NODE_HEARTBEAT = "/v1/nodes/heartbeat";
    public static final String DESKTOP_HEARTBEAT = "/v1/desktops/heartbeat";
    /** Every kind an agent serves, one path (the two above remain for agents of before it). */
    public static final String INVENTORY_HEARTBEAT = "/v1/inventory/heartbeat";
    public static final String NODE_EVENTS = "/v1/audit/node-events";
    public static final String RECORDINGS = "/v1/recordings";
    public static final String WEB_SESSIONS = "/v1/web/sessions";
    public static final String WEB_SESSIONS_LOOKUP = "/v1/web/sessions/lookup";
    public static final String WEB_SESSIONS_END = "/v1/web/sessions/end";
    public static final String ACTIVE_SESSIONS = "/v1/sessions/active";
    public static final String USER_PASSWORD = "/v1/users/password";
    public static final String ACCESS_REQUESTS = "/v1/access-requests";
    /** The proxy's batched question "are these requests still in force?" (open browser sessions rely on them). */
    public static final String ACCESS_REQUEST_STATES = "/v1/access-requests/states";
    public static final String SSO_CONNECTORS = "/v1/sso/connectors";
    public static final String SSO_WEB_SESSIONS = "/v1/sso/web-sessions";
    public static final String SSO_CERTS = "/v1/sso/certs";
    public static final String SSO_FAILURES = "/v1/sso/failures";
    public static final String WEB_SESSIONS_ASSUME = "/v1/web/sessions/assume";

    /**
     * The address a login came from, as the proxy saw the connection: auth keys its per-source
     * login rate limit on it and believes it only from a caller with the proxy system role.
     */
    public static final String CLIENT_ADDRESS_HEADER = "Gatehouse-Client-Address";

    private ApiPaths() {
    }
}
