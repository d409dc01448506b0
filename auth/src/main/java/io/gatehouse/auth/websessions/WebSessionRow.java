package io.gatehouse.auth.websessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One browser session; see V4__web_sessions.sql for why only hashes and a sealed key are kept. */
@Entity
@Table(name = "web_sessions")
public class WebSessionRow {
    @Id
    @Column(name = "id_hash")
    public String idHash;
    public String username;
    @Column(name = "bearer_hash")
    public String bearerHash;
    @Column(name = "bearer_enc")
    public byte[] bearerEnc;
    @Column(name = "private_key_enc")
    public byte[] privateKeyEnc;
    @Column(name = "ssh_cert")
    public String sshCert;
    @Column(name = "tls_cert")
    public String tlsCert;
    /** The user's own certificates while an access request's are in use (null otherwise). */
    @Column(name = "base_ssh_cert")
    public String baseSshCert;
    @Column(name = "base_tls_cert")
    public String baseTlsCert;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "last_active")
    public OffsetDateTime lastActive;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Override
    public String toString() {
        return "WebSession[" + username + "]";
    }
}
