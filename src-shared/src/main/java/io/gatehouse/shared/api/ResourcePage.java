package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One page of resources of one kind. Items are resource trees exactly as {@code Resources.toTree}
 * writes them (kind/version/metadata/spec); {@code nextPageToken} is null on the last page.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourcePage(List<Map<String, Object>> items, String nextPageToken) {
}
