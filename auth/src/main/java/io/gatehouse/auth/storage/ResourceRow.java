package io.gatehouse.auth.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One admin-managed resource (role, user, node...) as stored: the JSON document plus its revision. */
@Entity
@Table(name = "resources")
@IdClass(ResourceRow.Key.class)
public class ResourceRow {
    @Id
    public String kind;
    @Id
    public String name;
    public long revision;
    public String doc;
    public OffsetDateTime expires;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static class Key implements Serializable {
        public String kind;
        public String name;

        public Key() {
        }

        public Key(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, name);
        }
    }
}
