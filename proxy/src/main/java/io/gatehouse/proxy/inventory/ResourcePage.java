package io.gatehouse.proxy.inventory;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One page of the listing: the resources on it, the {@code start_key} of the next page (null on
 * the last), and how many resources match the query on all pages together.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourcePage(List<ListedResource<?>> items, String nextKey, int totalCount) {
    public ResourcePage {
        items = List.copyOf(items);
    }
}
