package io.gatehouse.auth.api;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by CallerIdentityFilter before any resource runs. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthenticated("no client certificate identity on this request");
        }
        return caller;
    }
}
