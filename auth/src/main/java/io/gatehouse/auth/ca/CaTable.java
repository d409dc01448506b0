package io.gatehouse.auth.ca;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The certificate_authorities table through plain JDBC. This is the one place auth reads the
 * database without Hibernate Reactive: the CAs are needed by the TLS listener before the
 * reactive stack serves anything (docs/architecture.md, "Start-up order").
 */
final class CaTable {
    record Row(String caType, String clusterName, String sshPublicKey, String tlsCertificate, byte[] privateKeyEnc,
            String kekId) {
    }

    private final DataSource dataSource;

    CaTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Row> all() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ca_type, cluster_name, ssh_public_key, "
                        + "tls_certificate, private_key_enc, kek_id FROM certificate_authorities ORDER BY ca_type");
                ResultSet rs = ps.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getString(6)));
            }
            return rows;
        }
    }

    /** Several auth instances may start at once: the first insert wins, the others read it back. */
    void insertIfAbsent(Row row) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO certificate_authorities (ca_type, cluster_name, "
                        + "ssh_public_key, tls_certificate, private_key_enc, kek_id) VALUES (?,?,?,?,?,?) "
                        + "ON CONFLICT (ca_type) DO NOTHING")) {
            ps.setString(1, row.caType());
            ps.setString(2, row.clusterName());
            ps.setString(3, row.sshPublicKey());
            ps.setString(4, row.tlsCertificate());
            ps.setBytes(5, row.privateKeyEnc());
            ps.setString(6, row.kekId());
            ps.executeUpdate();
        }
    }
}
