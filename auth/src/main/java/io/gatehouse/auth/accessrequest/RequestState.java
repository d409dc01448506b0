package io.gatehouse.auth.accessrequest;

import java.util.Locale;

/** Where an access request stands; only PENDING takes reviews, only APPROVED can be assumed. */
public enum RequestState {
    PENDING, APPROVED, DENIED, CANCELLED, EXPIRED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
