package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.AuthApiClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How gatectl reaches auth: mixed into every command that calls it. */
public final class Connection {
    static final String DEFAULT_AUTH = "127.0.0.1:3025";
    static final String SYSTEM_IDENTITY = "/var/lib/gatehouse/auth/admin.identity";

    @Option(names = "--auth", paramLabel = "HOST:PORT",
            description = "Auth service address (env GATECTL_AUTH; default ${DEFAULT-VALUE}).",
            defaultValue = "${env:GATECTL_AUTH:-127.0.0.1:3025}")
    String auth;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Identity file (env GATECTL_IDENTITY; default: the quickstart's or "
                    + SYSTEM_IDENTITY + ").")
    Path identity;

    Path identityPath() {
        if (identity != null) {
            return identity;
        }
        for (String env : new String[] {"GATECTL_IDENTITY", "GATEHOUSE_DEFAULT_IDENTITY"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return Path.of(v);
            }
        }
        return Path.of(SYSTEM_IDENTITY);
    }

    AuthApiClient client() {
        return AuthApiClient.connect(auth, identityPath());
    }
}
