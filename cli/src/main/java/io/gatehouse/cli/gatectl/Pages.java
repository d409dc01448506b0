package io.gatehouse.cli.gatectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.AuthApiClient;
import io.gatehouse.shared.api.ApiPaths;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Follows next_page_token until every resource of a kind is read. */
final class Pages {
    private Pages() {
    }

    static List<JsonNode> all(AuthApiClient client, String kind) {
        List<JsonNode> out = new ArrayList<>();
        String token = null;
        do {
            String path = ApiPaths.RESOURCES + "/" + URLEncoder.encode(kind, StandardCharsets.UTF_8) + "?limit=500"
                    + AuthApiClient.query("page_token", token);
            JsonNode page = client.get(path);
            page.path("items").forEach(out::add);
            token = page.path("next_page_token").isTextual() ? page.path("next_page_token").asText() : null;
        } while (token != null);
        return out;
    }

    static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(",", items);
    }
}
