package io.gatehouse.cli.gatectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.AuthApiClient;
import io.gatehouse.shared.api.client.ResourcePages;
import java.util.ArrayList;
import java.util.List;

/** Every resource of a kind (the shared paging loop), and list helpers for printing. */
final class Pages {
    private Pages() {
    }

    static List<JsonNode> all(AuthApiClient client, String kind) {
        return ResourcePages.all(client::get, kind);
    }

    static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(",", items);
    }
}
