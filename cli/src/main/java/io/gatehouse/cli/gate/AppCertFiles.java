package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One app login's files (LoginFiles) beside the user's key set (KEYPREFIX-app/NAME.key, .crt,
 * .cas): what curl --cert/--key/--cacert and gate proxy app present. The app is read from the
 * certificate's route, never from a side file.
 */
record AppCertFiles(Path dir, String app) {
    AppCertFiles {
        requireName(app);
    }

    static AppCertFiles of(KeySet keys, String app) {
        return new AppCertFiles(dirOf(keys), app);
    }

    static Path dirOf(KeySet keys) {
        return keys.prefix().resolveSibling(keys.prefix().getFileName() + "-app");
    }

    static String requireName(String app) {
        if (app == null || !LoginFiles.NAME.matcher(app).matches()) {
            throw new CliException(ExitCodes.USAGE, "'" + app + "' is not an app name: letters, digits, '.', '_' and "
                    + "'-' (gate apps ls lists the apps you can reach)");
        }
        return app;
    }

    Path key() {
        return LoginFiles.key(dir, app);
    }

    Path certificate() {
        return LoginFiles.certificate(dir, app);
    }

    Path ca() {
        return LoginFiles.ca(dir, app);
    }

    boolean exists() {
        return LoginFiles.exists(dir, app);
    }

    void write(String privateKeyPem, String certificatePem, List<String> cas) throws IOException {
        LoginFiles.write(dir, app, privateKeyPem, certificatePem, cas);
    }

    void delete() throws IOException {
        LoginFiles.delete(dir, app);
    }

    UserIdentity identity() {
        try {
            UserIdentity user = IdentityCodec.userFromX509(Keys.parseCertificatePem(Files.readString(certificate())));
            if (AppRoute.of(user.routing()).filter(r -> r.name().equals(app)).isEmpty()) {
                throw new IllegalArgumentException("it names no app '" + app + "'");
            }
            return user;
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the app certificate " + certificate() + " ("
                    + e.getMessage() + "): run gate apps login " + app + " again");
        }
    }

    IdentityFile tlsIdentity() {
        try {
            return LoginFiles.tlsIdentity(dir, app);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the app login " + certificate() + " ("
                    + e.getMessage() + "): run gate apps login " + app + " again");
        }
    }
}
