package io.gatehouse.shared.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * Audit event types with stable codes, shared by every process that emits events. A code gets an
 * "I" suffix when the action succeeded and "W" when it was refused or failed (Teleport's habit),
 * so scripts can match on the code alone. Never renumber: add new types at the end of a block.
 */
public enum EventType {
    USER_LOGIN("user.login", "T1000"),
    USER_LOCKED("user.locked", "T1001"),
    USER_CREATE("user.create", "T1002"),
    USER_UPDATE("user.update", "T1003"),
    USER_DELETE("user.delete", "T1004"),
    USER_RESET("user.reset", "T1005"),
    USER_PASSWORD_SET("user.password_set", "T1006"),
    INVITE_OPEN("user.invite_open", "T1007"),
    USER_LOGOUT("user.logout", "T1008"),
    /** Logins refused by the rate limit, summarised: one event per source (or user) and window, with a count. */
    USER_LOGIN_THROTTLED("user.login_throttled", "T1009"),
    USER_UNLOCK("user.unlock", "T1010"),
    ACCESS_REQUEST_CREATE("access_request.create", "T5100"),
    ACCESS_REQUEST_REVIEW("access_request.review", "T5101"),
    ACCESS_REQUEST_ASSUME("access_request.assume", "T5102"),
    ACCESS_REQUEST_EXPIRE("access_request.expire", "T5103"),
    ACCESS_REQUEST_CANCEL("access_request.cancel", "T5104"),
    OIDC_CONNECTOR_CREATE("oidc_connector.create", "T8100"),
    OIDC_CONNECTOR_UPDATE("oidc_connector.update", "T8101"),
    OIDC_CONNECTOR_DELETE("oidc_connector.delete", "T8102"),
    ROLE_CREATE("role.create", "T9000"),
    ROLE_UPDATE("role.update", "T9001"),
    ROLE_DELETE("role.delete", "T9002"),
    TOKEN_CREATE("token.create", "T7000"),
    TOKEN_DELETE("token.delete", "T7001"),
    TOKEN_USE("token.use", "T7002"),
    NODE_CREATE("node.create", "T6000"),
    NODE_UPDATE("node.update", "T6001"),
    NODE_DELETE("node.delete", "T6002"),
    DESKTOP_CREATE("desktop.create", "T6100"),
    DESKTOP_UPDATE("desktop.update", "T6101"),
    DESKTOP_DELETE("desktop.delete", "T6102"),
    CERT_CREATE("cert.create", "TC000"),
    CA_CREATE("ca.create", "TC001"),
    ACCESS_DENIED("access.denied", "T5000"),
    AUDIT_QUERY("audit.query", "T5001"),
    SESSION_START("session.start", "T2000"),
    SESSION_END("session.end", "T2004"),
    EXEC("exec", "T3002"),
    PORT_FORWARD("port-forward", "T3003"),
    SFTP("sftp", "T3004"),
    SSH_LOGIN_REFUSED("ssh.login_refused", "T3005"),
    DESKTOP_START("desktop.start", "TDP00"),
    DESKTOP_END("desktop.end", "TDP01"),
    DESKTOP_REFUSED("desktop.refused", "TDP02"),
    DB_CREATE("db.create", "T6200"),
    DB_UPDATE("db.update", "T6201"),
    DB_DELETE("db.delete", "T6202"),
    DB_SESSION_START("db.session.start", "TDB00"),
    DB_SESSION_END("db.session.end", "TDB01"),
    DB_SESSION_QUERY("db.session.query", "TDB02"),
    DB_SESSION_REFUSED("db.session.refused", "TDB03"),
    APP_CREATE("app.create", "T6300"),
    APP_UPDATE("app.update", "T6301"),
    APP_DELETE("app.delete", "T6302"),
    APP_SESSION_START("app.session.start", "TAP00"),
    APP_SESSION_END("app.session.end", "TAP01"),
    APP_SESSION_REFUSED("app.session.refused", "TAP02"),
    /** One HTTP request of an app session (method, path, status, bytes, duration): reserved for HTTP apps. */
    APP_SESSION_REQUEST("app.session.request", "TAP03");

    private final String id;
    private final String code;

    EventType(String id, String code) {
        this.id = id;
        this.code = code;
    }

    public String id() {
        return id;
    }

    /** The stable code for this outcome, e.g. T1000I for a successful login, T1000W for a failed one. */
    public String code(boolean success) {
        return code + (success ? "I" : "W");
    }

    public static Optional<EventType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** The create/update/delete event of an admin-managed kind, e.g. ("role", "create") → ROLE_CREATE. */
    public static Optional<EventType> forResource(String kindId, String verb) {
        return fromId(kindId + "." + verb);
    }
}
