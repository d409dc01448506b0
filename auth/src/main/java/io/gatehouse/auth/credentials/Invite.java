package io.gatehouse.auth.credentials;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A one-time signup or reset link; only the SHA-256 of its token is kept. */
@Entity
@Table(name = "invites")
public class Invite {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;
    public String username;
    @Column(name = "totp_secret_enc")
    public byte[] totpSecretEnc;
    public OffsetDateTime expires;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Override
    public String toString() {
        return "Invite[" + username + "]";
    }
}
