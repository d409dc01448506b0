package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiPaths;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every resource of a kind from auth's `GET /v1/resources/{kind}`, page after page
 * (next_page_token), whichever client makes the calls: the proxy's node and desktop directories
 * and gatectl read through this one loop.
 */
public final class ResourcePages {
    /** Auth caps a page at this; fewer round trips for the proxy's directories. */
    public static final int PAGE = 1000;

    private ResourcePages() {
    }

    /** @param get calls auth with a path (and query) and returns the JSON body */
    public static List<JsonNode> all(Function<String, JsonNode> get, String kind) {
        List<JsonNode> out = new ArrayList<>();
        String token = null;
        do {
            String path = ApiPaths.RESOURCES + "/" + URLEncoder.encode(kind, StandardCharsets.UTF_8) + "?limit=" + PAGE
                    + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            JsonNode page = get.apply(path);
            page.path("items").forEach(out::add);
            token = page.path("next_page_token").isTextual() ? page.path("next_page_token").asText() : null;
        } while (token != null);
        return out;
    }
}
