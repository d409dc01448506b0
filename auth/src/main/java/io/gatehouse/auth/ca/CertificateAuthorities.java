package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.CaCertificates;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The cluster's user, host, db and jwt CAs: created at the first start, loaded at every later one.
 * Loading also runs the schema migrations, because the TLS listener asks for the CAs before
 * anything else in auth starts (see AuthApiTls).
 */
@ApplicationScoped
public class CertificateAuthorities implements CaCertificates {
    private static final Logger LOG = Logger.getLogger(CertificateAuthorities.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    private final GatehouseConfig config;
    private volatile Loaded loaded;

    record Loaded(String clusterName, KeyEncryptionKey kek, Map<CaType, ClusterCa> cas) {
    }

    public CertificateAuthorities(GatehouseConfig config) {
        this.config = config;
    }

    @Override
    public java.security.cert.X509Certificate tlsCertificate(CaType type) {
        return get(type).tlsCertificate();
    }

    public ClusterCa get(CaType type) {
        return ensureLoaded().cas().get(type);
    }

    public String clusterName() {
        return ensureLoaded().clusterName();
    }

    public KeyEncryptionKey kek() {
        return ensureLoaded().kek();
    }

    /** Idempotent; the first caller pays for migrations and, on a new cluster, CA generation. */
    public Loaded ensureLoaded() {
        Loaded current = loaded;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = load();
            }
            return loaded;
        }
    }

    private Loaded load() {
        PGSimpleDataSource dataSource = dataSource();
        migrate(dataSource);
        CaTable table = new CaTable(dataSource);
        try {
            List<CaTable.Row> rows = table.all();
            KeyEncryptionKey kek = kek(rows.isEmpty());
            String clusterName = rows.isEmpty() ? configuredClusterName() : rows.get(0).clusterName();
            checkClusterName(clusterName);
            if (rows.size() < CaType.values().length) {
                createMissing(table, rows, kek, clusterName);
                rows = table.all();
            }
            Map<CaType, ClusterCa> cas = new EnumMap<>(CaType.class);
            for (CaTable.Row row : rows) {
                CaType type = CaType.fromId(row.caType()).orElseThrow(
                        () -> new CaBootstrapException("unknown CA type '" + row.caType() + "' in the database"));
                cas.put(type, decode(row, kek));
            }
            LOG.infof("Cluster '%s': certificate authorities %s loaded (key-encryption key %s)", clusterName,
                    cas.keySet().stream().map(CaType::id).toList(), kek.id());
            return new Loaded(clusterName, kek, Map.copyOf(cas));
        } catch (SQLException e) {
            throw new CaBootstrapException("cannot read the certificate authorities from PostgreSQL: " + e.getMessage()
                    + " — check gatehouse.storage (host, port, database, username, password)", e);
        } catch (IOException e) {
            throw new CaBootstrapException("cannot read or create the key-encryption key: " + e.getMessage(), e);
        }
    }

    /**
     * Its own small JDBC data source: Quarkus' datasource beans are not active yet when the TLS
     * registry asks for the CAs, and this runs once per start.
     */
    private PGSimpleDataSource dataSource() {
        GatehouseConfig.Storage s = config.storage();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {s.host()});
        ds.setPortNumbers(new int[] {s.port()});
        ds.setDatabaseName(s.database());
        ds.setUser(s.username());
        ds.setPassword(s.password().orElse(""));
        ds.setConnectTimeout(10);
        return ds;
    }

    private static void migrate(PGSimpleDataSource dataSource) {
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .resourceProvider(new MigrationResources()).load().migrate();
        } catch (RuntimeException e) {
            throw new CaBootstrapException("the database schema migration failed: " + rootMessage(e)
                    + " — check gatehouse.storage (host, port, database, username, password)", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private KeyEncryptionKey kek(boolean newCluster) throws IOException {
        KeyEncryptionKeyLoader loader = new KeyEncryptionKeyLoader(Optional.ofNullable(System.getenv(
                KeyEncryptionKeyLoader.ENV)), config.auth().kekFile().orElse(config.dataDir().resolve("kek")));
        Optional<KeyEncryptionKey> existing = loader.load();
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!newCluster) {
            throw new CaBootstrapException("the database holds this cluster's CAs but no key-encryption key was found "
                    + "(looked at env " + KeyEncryptionKeyLoader.ENV + " and " + loader.file() + "). Restore the key "
                    + "file from your backup or set " + KeyEncryptionKeyLoader.ENV + "; without it the CA keys "
                    + "cannot be decrypted.");
        }
        KeyEncryptionKey kek = loader.generate();
        LOG.infof("Generated a new key-encryption key at %s (mode 0600). Back it up: the CA keys cannot be "
                + "decrypted without it.", loader.file());
        return kek;
    }

    private void createMissing(CaTable table, List<CaTable.Row> existing, KeyEncryptionKey kek, String clusterName)
            throws SQLException {
        for (CaType type : CaType.values()) {
            if (existing.stream().anyMatch(r -> r.caType().equals(type.id()))) {
                continue;
            }
            KeyPair kp = Keys.generateEcdsaP256();
            X509Certificate cert = X509CertificateSigner.selfSignedCa(kp, clusterName, type, CA_VALIDITY);
            byte[] sealed = kek.encrypt(kp.getPrivate().getEncoded(), purpose(type, clusterName));
            table.insertIfAbsent(new CaTable.Row(type.id(), clusterName, Keys.toOpenSshPublicKey(kp.getPublic()),
                    Keys.certificateToPem(cert), sealed, kek.id()));
            LOG.infof("Created the %s certificate authority (%s)", type.id(), Keys.sshFingerprint(kp.getPublic()));
        }
    }

    private ClusterCa decode(CaTable.Row row, KeyEncryptionKey kek) {
        CaType type = CaType.fromId(row.caType()).orElseThrow();
        try {
            byte[] pkcs8 = kek.decrypt(row.privateKeyEnc(), purpose(type, row.clusterName()));
            PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            X509Certificate cert = Keys.parseCertificatePem(row.tlsCertificate());
            return new ClusterCa(type, row.clusterName(), new KeyPair(cert.getPublicKey(), privateKey), cert,
                    row.sshPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CaBootstrapException("the " + type.id() + " CA's private key cannot be decrypted: it was "
                    + "encrypted with key-encryption key " + row.kekId() + ", and this auth has key " + kek.id()
                    + ". Restore the original key file or " + KeyEncryptionKeyLoader.ENV + ".");
        }
    }

    private void checkClusterName(String stored) {
        config.clusterName().filter(n -> !n.equals(stored)).ifPresent(n -> {
            throw new CaBootstrapException("gatehouse.cluster-name is '" + n + "' but this database belongs to cluster '"
                    + stored + "'; a cluster cannot be renamed (its certificates carry the name). Remove the setting "
                    + "or point gatehouse.storage at the right database.");
        });
    }

    private String configuredClusterName() {
        return config.clusterName().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "gatehouse";
            }
        });
    }

    private static String purpose(CaType type, String clusterName) {
        return "gatehouse-ca:" + clusterName + ":" + type.id();
    }
}
