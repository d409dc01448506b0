package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Getting and keeping an app certificate (gate apps login, and for gate proxy app): the listing
 * the user may see, whether a stored certificate still serves, and the signing call with the key
 * the user logged in with.
 */
final class AppLogin {
    private final Target.Cluster cluster;

    AppLogin(Target.Cluster cluster) {
        this.cluster = cluster;
    }

    /** An app as the resources listing shows it to this user: "tcp" or "http", online or not. */
    record App(String name, String uriKind, Map<String, String> labels, boolean online) {
        static App of(JsonNode item) {
            Map<String, String> labels = new TreeMap<>();
            item.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return new App(item.path("name").asText(), item.path("uri_kind").asText(""), labels,
                    item.path("online").asBoolean(false));
        }
    }

    List<App> apps() {
        return cluster.api().resources("app").stream().map(App::of).toList();
    }

    App find(String name) {
        return apps().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new CliException(
                ExitCodes.NOT_FOUND, "no app '" + name + "' that you may reach: gate apps ls lists those you can"));
    }

    /** The stored login for {@code app} if it is valid a while longer, else a new one. */
    AppCertFiles ensure(String app) throws IOException {
        AppCertFiles files = AppCertFiles.of(cluster.keys(), app);
        if (files.exists()) {
            try {
                if (files.identity().expires().isAfter(Instant.now().plus(DbLogin.MIN_REMAINING))) {
                    return files;
                }
            } catch (CliException unreadable) {
                // signed again below
            }
        }
        return login(app);
    }

    /** A new certificate for {@code app} (auth checks app_labels first), written beside the key set. */
    AppCertFiles login(String app) throws IOException {
        cluster.requireValid();
        AppCertFiles files = AppCertFiles.of(cluster.keys(), app);
        IdentityFile login = cluster.keys().identity();
        AppCertsResponse certs = cluster.api().signApp(new SignAppRequest(app, Keys.toOpenSshPublicKey(login.keyPair()
                .getPublic()), null));
        if (certs.tlsCertificate() == null || certs.tlsCertificate().isBlank()) {
            throw new CliException(ExitCodes.ERROR, "the proxy answered without an app certificate for '" + app + "'");
        }
        if (!Keys.parseCertificatePem(certs.tlsCertificate()).getPublicKey().equals(login.keyPair().getPublic())) {
            throw new CliException(ExitCodes.ERROR, "the proxy answered with an app certificate for another key than "
                    + "yours; run gate login again, then gate apps login " + app);
        }
        List<String> cas = certs.tlsCaCertificates() != null && !certs.tlsCaCertificates().isEmpty()
                ? certs.tlsCaCertificates() : login.trustedTlsCaPems();
        files.write(login.privateKeyPem(), certs.tlsCertificate(), cas);
        return files;
    }
}
