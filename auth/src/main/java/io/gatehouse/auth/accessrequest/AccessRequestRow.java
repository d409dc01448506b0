package io.gatehouse.auth.accessrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.resource.Threshold;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** One access request as stored (V5__access_requests.sql); AccessRequest is the value the rules see. */
@Entity
@Table(name = "access_requests")
public class AccessRequestRow {
    private static final ObjectMapper JSON = ApiJson.newMapper();

    @Id
    public String id;
    public String username;
    public String roles;
    public String reason;
    public String state;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    public String thresholds;
    public String reviews;
    @Column(name = "resolve_reason")
    public String resolveReason;
    @Version
    public int version;

    static AccessRequestRow of(AccessRequest r) {
        AccessRequestRow row = new AccessRequestRow();
        row.id = r.id();
        row.username = r.user();
        row.createdAt = r.created().atOffset(ZoneOffset.UTC);
        row.update(r);
        return row;
    }

    /** Copies what may change (state, reviews, resolution) from the value. */
    void update(AccessRequest r) {
        roles = write(r.roles());
        reason = r.reason();
        state = r.state().name();
        expiresAt = r.expires().atOffset(ZoneOffset.UTC);
        thresholds = write(r.thresholds());
        reviews = write(r.reviews());
        resolveReason = r.resolveReason();
    }

    AccessRequest value() {
        return new AccessRequest(id, username, read(roles, new TypeReference<List<String>>() { }), reason,
                RequestState.valueOf(state.toUpperCase(Locale.ROOT)), createdAt.toInstant(), expiresAt.toInstant(),
                read(thresholds, new TypeReference<List<Threshold>>() { }),
                read(reviews, new TypeReference<List<Review>>() { }), resolveReason);
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("access request column is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AccessRequest[" + id + " by " + username + "]";
    }
}
