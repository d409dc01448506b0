package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.shared.cert.KeyStores;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A BackendLogin for tests: TLS verifying the database against a test CA, a client certificate or a password file. */
record TestBackendLogin(SSLContext context, Optional<Path> passwordFile) implements BackendLogin {

    static TestBackendLogin certificate(X509Certificate serverCa, KeyPair key, X509Certificate cert) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(KeyStores.holding("db-client", key.getPrivate(), List.of(cert)), KeyStores.password());
        return new TestBackendLogin(context(serverCa, kmf), Optional.empty());
    }

    static TestBackendLogin password(X509Certificate serverCa, Path passwordFile) throws Exception {
        return new TestBackendLogin(context(serverCa, null), Optional.of(passwordFile));
    }

    private static SSLContext context(X509Certificate serverCa, KeyManagerFactory kmf) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStores.trusting(List.of(serverCa)));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public SSLSocket startTls(Socket plain) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
        s.setUseClientMode(true);
        var params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(params);
        try {
            s.startHandshake();
        } catch (SSLException e) {
            throw new IOException("TLS with the database failed: " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public Optional<char[]> password() throws IOException {
        if (passwordFile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(passwordFile.get()).strip().toCharArray());
    }
}
