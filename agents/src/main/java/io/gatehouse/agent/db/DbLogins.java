package io.gatehouse.agent.db;

import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.SignDbClientRequest;
import io.gatehouse.shared.cert.Keys;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the agent logs in to its databases ({@link BackendLogin} per session). Certificate auth: one
 * key pair for the agent's life, a client certificate per (database, database user) from auth's
 * database client CA, reused until a minute before it expires. Password auth: the password read
 * from its file at each login. Either way the database's certificate is verified against
 * tls.ca_file or the cluster's database CA, and with verify-full it must name the host dialled.
 */
public final class DbLogins {
    static final Duration RENEW_BEFORE = Duration.ofMinutes(1);
    static final Duration TRUST_REFRESH = Duration.ofMinutes(10);

    private record Issued(SSLContext tls, Instant expires) {
    }

    private record Key(String db, String dbUser) {
    }

    private final KeyPair key = Keys.generateEcdsaP256();
    private final Function<SignDbClientRequest, DbClientCertResponse> sign;
    /** The cluster's database CA certificates (PEM), for databases with password auth and no ca_file. */
    private final Supplier<List<String>> databaseCas;
    private final Clock clock;
    private final Map<Key, Issued> issued = new ConcurrentHashMap<>();

    public DbLogins(Function<SignDbClientRequest, DbClientCertResponse> sign, Supplier<List<String>> databaseCas,
            Clock clock) {
        this.sign = sign;
        this.databaseCas = databaseCas;
        this.clock = clock;
    }

    /** The login to {@code db} as {@code dbUser}. */
    public BackendLogin forSession(DatabaseConfig db, String dbUser) {
        return new BackendLogin() {
            @Override
            public SSLSocket startTls(Socket plain) throws IOException {
                return handshake(db, context(db, dbUser), plain);
            }

            @Override
            public Optional<char[]> password() throws IOException {
                if (db.password().isEmpty()) {
                    return Optional.empty();
                }
                byte[] raw = Files.readAllBytes(db.password().get().passwordFile());
                try {
                    int n = raw.length;
                    while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
                        n--;
                    }
                    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, n));
                    char[] out = new char[chars.remaining()];
                    chars.get(out);
                    Arrays.fill(chars.array(), '\0');
                    return Optional.of(out);
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
            }
        };
    }

    private SSLContext context(DatabaseConfig db, String dbUser) throws IOException {
        Key k = new Key(db.name(), db.password().isPresent() ? "" : dbUser);
        Issued current = issued.get(k);
        if (db.password().isPresent()) {
            // No client certificate: only the trust, rebuilt now and then (the CA file or auth's CAs may change).
            if (current != null && clock.instant().isBefore(current.expires())) {
                return current.tls();
            }
            Issued trust = new Issued(tls(db, null, null, db.caFile().isPresent() ? List.of() : databaseCas.get()),
                    clock.instant().plus(TRUST_REFRESH));
            issued.put(k, trust);
            return trust.tls();
        }
        if (current != null && clock.instant().isBefore(current.expires().minus(RENEW_BEFORE))) {
            return current.tls();
        }
        DbClientCertResponse response;
        try {
            response = sign.apply(new SignDbClientRequest(db.name(), dbUser, Keys.toOpenSshPublicKey(key.getPublic())));
        } catch (RuntimeException e) {
            throw new IOException("auth did not issue a client certificate for database user '" + dbUser + "' on '"
                    + db.name() + "': " + e.getMessage(), e);
        }
        X509Certificate cert = Keys.parseCertificatePem(response.tlsCertificate());
        Issued fresh = new Issued(tls(db, cert, key, response.databaseCaCertificates()), response.expires());
        issued.put(k, fresh);
        return fresh.tls();
    }

    /** TLS trusting tls.ca_file (or {@code cas}), presenting {@code cert} when given. */
    static SSLContext tls(DatabaseConfig db, X509Certificate cert, KeyPair key, List<String> cas) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> anchors = db.caFile().isPresent()
                    ? Keys.parseCertificatesPem(Files.readString(db.caFile().get()))
                    : cas.stream().flatMap(p -> Keys.parseCertificatesPem(p).stream()).toList();
            if (anchors.isEmpty()) {
                throw new IOException("no CA to verify the database '" + db.name() + "' with: set tls.ca_file, or "
                        + "give it a server certificate from the cluster's database CA (gatectl auth sign --format=db)");
            }
            for (int i = 0; i < anchors.size(); i++) {
                trust.setCertificateEntry("ca" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            javax.net.ssl.KeyManager[] keyManagers = null;
            if (cert != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] none = new char[0];
                keys.setKeyEntry("client", key.getPrivate(), none, new X509Certificate[] {cert});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(keys, none);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS to the database '" + db.name() + "': " + e.getMessage(), e);
        }
    }

    /** The handshake over {@code plain}; verify-full checks that the certificate names the host dialled. */
    static SSLSocket handshake(DatabaseConfig db, SSLContext ctx, Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, db.host(), db.port(), true);
        tls.setUseClientMode(true);
        SSLParameters p = tls.getSSLParameters();
        if (db.tlsMode() == DatabaseConfig.TlsMode.VERIFY_FULL) {
            // HTTPS identification: a DNS name must match a DNS SAN, an IP address an IP SAN.
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(p);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            tls.close();
            throw new IOException("TLS with the database '" + db.name() + "' at " + db.uri() + " failed: "
                    + e.getMessage() + (db.tlsMode() == DatabaseConfig.TlsMode.VERIFY_FULL
                    ? " (tls.mode verify-full: its certificate must chain to the CA and name " + db.host() + ")"
                    : " (its certificate must chain to the configured CA)"), e);
        }
        return tls;
    }
}
