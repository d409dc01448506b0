package io.gatehouse.proxy.inventory;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A resource as a user sees it in the listing: what every kind has (kind, name, labels, whether
 * it can be reached now, the logins the user's roles allow there) and the kind's own fields,
 * written flat beside them ({@code {"kind":"node",...,"host_id":"...","tunnel":true}}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListedResource<D>(String kind, String name, Map<String, String> labels, boolean online,
        List<String> logins, @JsonUnwrapped D details) {
    public ListedResource {
        labels = Map.copyOf(labels);
        logins = List.copyOf(logins);
    }

    /** The position of this resource in any listing order: kind and name together are unique. */
    public ResourceKey key() {
        return new ResourceKey(kind, name);
    }
}
