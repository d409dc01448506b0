package io.gatehouse.proxy.sso;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A code flow that fails at the callback (tampered or replayed state or code, a token that does
 * not verify: wrong issuer, audience, nonce, signature) never reaches a resource method: Quarkus
 * fails the request with 401. On the SSO paths that becomes the login page with a message, and
 * an audit event; Quarkus's own redirects (to the provider, back to the login path) pass.
 */
@Singleton
public class SsoFailureRoutes {
    private final SsoFailures failures;

    public SsoFailureRoutes(SsoFailures failures) {
        this.failures = failures;
    }

    void routes(@Observes Router router) {
        router.route(SsoTenantResolver.PREFIX + "*").order(-1000).failureHandler(rc -> {
            Throwable t = rc.failure();
            if (rc.response().ended()) {
                return;
            }
            if (t instanceof AuthenticationRedirectException
                    || (t instanceof AuthenticationFailedException && rc.response().getStatusCode() == 302)) {
                rc.next();
                return;
            }
            String why = t instanceof AuthenticationCompletionException || t instanceof AuthenticationFailedException
                    ? "the sign-in could not be completed: the answer from the identity provider did not verify "
                    + "(it may have been tampered with, replayed, or issued for another application); try again"
                    : "the identity provider is not reachable right now; try again later or use your password";
            String connector = SsoTenantResolver.tenantOfCallback(rc);
            // The exception's class only: Quarkus's messages quote the token's claims.
            failures.report(connector == null ? "(unknown)" : connector, why + " [" + (t == null ? "?"
                    : t.getClass().getSimpleName()) + "]", String.valueOf(rc.request().remoteAddress()));
            rc.response().setStatusCode(303).putHeader("Location", SsoFailures.loginPage(why).toString())
                    .putHeader("Cache-Control", "no-store").end();
        });
    }
}
