package io.gatehouse.shared.cert;

import java.util.Arrays;
import java.util.Optional;

/**
 * The cluster's certificate authorities (DESIGN.md, trust model). Two for databases, as Teleport
 * has: DB signs the server certificates of self-hosted databases (what agents verify), DB_CLIENT
 * the short-lived client certificates agents log in to databases with (what databases trust).
 */
public enum CaType {
    USER("user"), HOST("host"), DB("db"), DB_CLIENT("db-client"), JWT("jwt");

    private final String id;

    CaType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<CaType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
