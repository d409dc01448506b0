package io.gatehouse.shared.resource;

import java.util.Arrays;
import java.util.Optional;

/** Every kind of resource an admin manages. Adding a kind: a constant here plus its spec codec. */
public enum Kind {
    USER("user", false), ROLE("role", false), TOKEN("token", false), CERT_AUTHORITY("cert_authority", true),
    NODE("node", false), OIDC_CONNECTOR("oidc_connector", false), DESKTOP("desktop", false),
    DB("db", false), APP("app", false);

    private final String id;
    private final boolean readOnly;

    Kind(String id, boolean readOnly) {
        this.id = id;
        this.readOnly = readOnly;
    }

    public String id() {
        return id;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public static Optional<Kind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
