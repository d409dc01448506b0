package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A page of the audit log. Oldest first: {@code nextPageToken} continues. Newest first
 * ({@code order=desc}): {@code nextPageToken} leads to older events, {@code prevPageToken} to newer
 * ones, and the token {@code oldest} to the last page. A null token: there is nothing that way.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditPage(List<AuditEventDto> events, String nextPageToken, String prevPageToken) {
    public AuditPage(List<AuditEventDto> events, String nextPageToken) {
        this(events, nextPageToken, null);
    }
}
