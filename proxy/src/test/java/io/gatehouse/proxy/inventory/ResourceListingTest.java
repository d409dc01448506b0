package io.gatehouse.proxy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search and label cases are the web UI's former nodeFilter tests, now run where filtering happens. */
class ResourceListingTest {
    record NodeFields(String hostId) {
    }

    private static ListedResource<?> node(String name, Map<String, String> labels) {
        return new ListedResource<>("node", name, labels, true, List.of("root"), new NodeFields(name + "-id"));
    }

    private static ListedResource<?> desktop(String name, Map<String, String> labels) {
        return new ListedResource<>("desktop", name, labels, true, List.of("alice"), Map.of());
    }

    private static final List<ListedResource<?>> NODES = List.of(node("web-1", Map.of("env", "prod", "role", "web")),
            node("db-1", Map.of("env", "prod", "role", "db")), node("dev", Map.of("env", "dev")));

    private static ResourceQuery query(Map<String, List<String>> params) {
        return assertInstanceOf(ResourceQuery.Valid.class, ResourceQuery.parse(params, Set.of("node", "desktop")))
                .query();
    }

    private static List<String> names(List<ListedResource<?>> all, Map<String, List<String>> params) {
        return ResourceListing.page(all, query(params)).items().stream().map(ListedResource::name).toList();
    }

    @Test
    void searchMatchesNamesAndLabelsIgnoringCase() {
        assertEquals(List.of("web-1"), names(NODES, Map.of("search", List.of("WEB"))));
        assertEquals(List.of("dev"), names(NODES, Map.of("search", List.of("env=dev"))));
    }

    @Test
    void everySearchWordMustMatchSomewhere() {
        assertEquals(List.of("db-1"), names(NODES, Map.of("search", List.of("prod db"))));
        assertEquals(List.of(), names(NODES, Map.of("search", List.of("prod nowhere"))));
    }

    @Test
    void onlyResourcesCarryingEveryLabelFilterAreKept() {
        assertEquals(List.of("db-1", "web-1"), names(NODES, Map.of("labels", List.of("env=prod"))));
        assertEquals(List.of("db-1"), names(NODES, Map.of("labels", List.of("env=prod", "role=db"))));
        assertEquals(List.of(), names(NODES, Map.of("labels", List.of("env=pro"))), "labels match exactly");
    }

    @Test
    void noFilterListsEverything() {
        assertEquals(3, ResourceListing.page(NODES, query(Map.of("search", List.of("  ")))).totalCount());
    }

    @Test
    void theKindFilterKeepsOnlyThoseKinds() {
        List<ListedResource<?>> mixed = new ArrayList<>(NODES);
        mixed.add(desktop("win", Map.of("env", "prod")));
        assertEquals(List.of("win"), names(mixed, Map.of("kind", List.of("desktop"))));
        assertEquals(List.of("db-1", "web-1", "win"), names(mixed, Map.of("labels", List.of("env=prod"))));
    }

    @Test
    void sortingByKindGroupsKindsThenNamesEitherWayRound() {
        List<ListedResource<?>> mixed = List.of(node("b", Map.of()), desktop("a", Map.of()), node("a", Map.of()),
                desktop("c", Map.of()));
        var byKind = ResourceListing.page(mixed, query(Map.of("sort", List.of("kind")))).items();
        assertEquals(List.of("desktop/a", "desktop/c", "node/a", "node/b"), byKind.stream().map(r -> r.key()
                .toString()).toList());
        var byNameDesc = ResourceListing.page(mixed, query(Map.of("sort", List.of("name:desc")))).items();
        assertEquals(List.of("desktop/c", "node/b", "node/a", "desktop/a"), byNameDesc.stream().map(r -> r.key()
                .toString()).toList());
    }

    @Test
    void pagesFollowOneAnotherThroughNextKeyWithoutRepeatOrGap() {
        List<ListedResource<?>> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(node(String.format("n%02d", i), Map.of()));
        }
        List<String> seen = new ArrayList<>();
        String key = null;
        int pages = 0;
        do {
            var params = key == null ? Map.of("limit", List.of("10")) : Map.of("limit", List.of("10"), "start_key",
                    List.of(key));
            ResourcePage page = ResourceListing.page(many, query(params));
            assertEquals(25, page.totalCount());
            page.items().forEach(r -> seen.add(r.name()));
            key = page.nextKey();
            pages++;
        } while (key != null);
        assertEquals(3, pages);
        assertEquals(many.stream().map(ListedResource::name).toList(), seen);
    }

    @Test
    void aResourceGoneBetweenTwoPagesSkipsNothingThatStayed() {
        List<ListedResource<?>> before = List.of(node("a", Map.of()), node("b", Map.of()), node("c", Map.of()),
                node("d", Map.of()));
        ResourcePage first = ResourceListing.page(before, query(Map.of("limit", List.of("2"))));
        assertEquals("node/c", first.nextKey());
        List<ListedResource<?>> after = List.of(node("a", Map.of()), node("d", Map.of()));
        ResourcePage second = ResourceListing.page(after, query(Map.of("limit", List.of("2"), "start_key",
                List.of(first.nextKey()))));
        assertEquals(List.of("d"), second.items().stream().map(ListedResource::name).toList());
        assertNull(second.nextKey());
    }

    @Test
    void eachKindsOwnFieldsAreWrittenFlatBesideTheCommonOnes() throws Exception {
        var page = ResourceListing.page(List.of(node("web-1", Map.of("env", "prod"))), query(Map.of()));
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(page));
        JsonNode item = json.path("items").path(0);
        assertEquals("node", item.path("kind").asText());
        assertEquals("web-1-id", item.path("hostId").asText());
        assertEquals("prod", item.path("labels").path("env").asText());
        assertEquals("root", item.path("logins").path(0).asText());
        assertEquals(1, json.path("total_count").asInt());
        assertEquals(true, json.path("next_key").isNull());
    }
}
