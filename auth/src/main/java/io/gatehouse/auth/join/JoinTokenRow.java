package io.gatehouse.auth.join;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A join token as stored: its public id, the SHA-256 of its secret, allowed system roles and use count. */
@Entity
@Table(name = "join_tokens")
public class JoinTokenRow {
    @Id
    public String id;
    @Column(name = "secret_hash")
    public String secretHash;
    /** Comma-separated system roles. */
    public String roles;
    @Column(name = "max_uses")
    public Integer maxUses;
    public int uses;
    public OffsetDateTime expires;
    /** Comma-separated node-name globs a joiner may take ("" = any free name). */
    public String names = "";
    /** "IP:port" a direct-mode node joining with this token is dialled at ("" = the IP it joined from). */
    public String addr = "";
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
