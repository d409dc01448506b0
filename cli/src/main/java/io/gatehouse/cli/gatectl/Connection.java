package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.AuthErrors;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.api.client.ApiTransport;
import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.nio.file.Files;
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

    /** Auth's typed calls with the identity file's certificate; failures are CliExceptions with exit codes. */
    ApiClient client() {
        Path path = identityPath();
        if (path == null || !Files.isReadable(path)) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "no admin identity at " + path + ": run gatectl "
                    + "on the auth host, or pass --identity=FILE made by 'gatectl auth sign --format=identity'");
        }
        IdentityFile identity;
        try {
            identity = IdentityFile.read(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "cannot read the identity file " + path + ": "
                    + e.getMessage());
        }
        return new ApiClient(ApiTransport.https(identity.sslContext("auth"), auth, new AuthErrors(auth)));
    }
}
