package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.ResourceException;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.Spec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every resource of a kind from auth's {@code GET /v1/resources/{kind}}, read page by page
 * (next_page_token) as the iteration reaches the end of a page, each item through the shared
 * resource codec (the validation {@code gatectl create} uses), so callers get typed specs.
 */
public final class ResourcePages<S extends Spec> implements Iterator<Resource<S>> {
    /** Auth caps a page at this; fewer round trips for the proxy's directories. */
    public static final int PAGE = 1000;

    private final ApiTransport auth;
    private final Kind kind;
    private final Class<S> spec;
    private final Deque<Resource<S>> page = new ArrayDeque<>();
    private String token;
    private boolean last;

    ResourcePages(ApiTransport auth, Kind kind, Class<S> spec) {
        this.auth = auth;
        this.kind = kind;
        this.spec = spec;
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && !last) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public Resource<S> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more " + kind.id() + " resources");
        }
        return page.removeFirst();
    }

    /** The rest of the iteration in a list (it reads every remaining page). */
    public List<Resource<S>> toList() {
        List<Resource<S>> all = new ArrayList<>();
        forEachRemaining(all::add);
        return all;
    }

    private void fetch() {
        String path = ApiPaths.RESOURCES + "/" + ApiClient.segment(kind.id()) + "?limit=" + PAGE
                + (token == null ? "" : "&page_token=" + ApiClient.segment(token));
        JsonNode answer = auth.get(path);
        for (JsonNode item : answer.path("items")) {
            page.add(typed(auth, item, kind, spec));
        }
        JsonNode next = answer.path("next_page_token");
        token = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        last = token == null;
    }

    /** One resource tree as auth wrote it, read by the shared codec; anything else is an unreadable answer. */
    static <S extends Spec> Resource<S> typed(ApiTransport auth, JsonNode tree, Kind kind, Class<S> spec) {
        String name = tree.path("metadata").path("name").asText("?");
        try {
            Resource<?> r = Resources.parseTree(tree, kind.id() + " '" + name + "'");
            if (r.kind() != kind) {
                throw auth.unreadable(200, "asked for " + kind.id() + " '" + name + "', got a " + r.kind().id());
            }
            return r.as(spec);
        } catch (ResourceException | IllegalArgumentException e) {
            throw auth.unreadable(200, kind.id() + " '" + name + "' as auth sent it cannot be read: "
                    + e.getMessage());
        }
    }
}
