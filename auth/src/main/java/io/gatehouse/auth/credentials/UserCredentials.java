package io.gatehouse.auth.credentials;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A local user's secrets and lockout state; never part of the user resource or any export. */
@Entity
@Table(name = "user_credentials")
public class UserCredentials {
    @Id
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "totp_secret_enc")
    public byte[] totpSecretEnc;
    @Column(name = "totp_last_step")
    public long totpLastStep;
    @Column(name = "failed_attempts")
    public int failedAttempts;
    @Column(name = "locked_until")
    public OffsetDateTime lockedUntil;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Override
    public String toString() {
        return "UserCredentials[" + username + "]";
    }
}
