package io.gatehouse.shared.cert;

import java.util.Arrays;
import java.util.Optional;

/** The cluster's certificate authorities (DESIGN.md, trust model). */
public enum CaType {
    USER("user"), HOST("host"), DB("db"), JWT("jwt");

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
