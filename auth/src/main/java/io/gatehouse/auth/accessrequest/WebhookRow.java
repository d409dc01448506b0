package io.gatehouse.auth.accessrequest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One notification waiting for the webhook (V5__access_requests.sql). */
@Entity
@Table(name = "webhook_outbox")
public class WebhookRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String payload;
    public int attempts;
    @Column(name = "next_attempt")
    public OffsetDateTime nextAttempt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "last_error")
    public String lastError;
}
