package io.gatehouse.e2e.support;

/** The roles of the just-in-time access scenarios (gate, browser, SSO). */
public final class JitRoles {
    private JitRoles() {
    }

    /** dev may request prod-access (on env=prod nodes), lead may review such requests. */
    public static String yaml(String login) {
        return """
                kind: role
                version: v1
                metadata: {name: dev}
                spec:
                  allow:
                    logins: [%1$s]
                    node_labels: {env: [dev, staging]}
                    request: {roles: [prod-access], max_duration: 2h}
                ---
                kind: role
                version: v1
                metadata: {name: prod-access}
                spec:
                  allow:
                    logins: [%1$s]
                    node_labels: {env: prod}
                ---
                kind: role
                version: v1
                metadata: {name: lead}
                spec:
                  allow:
                    review_requests: {roles: [prod-access]}
                """.formatted(login);
    }
}
