package io.gatehouse.auth.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A row of the append-only audit log (a database trigger refuses UPDATE and DELETE). */
@Entity
@Table(name = "audit_events")
public class AuditEventRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public OffsetDateTime time;
    public String type;
    public String code;
    public String username;
    public String resource;
    public String outcome;
    public String fields;
}
