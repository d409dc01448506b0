package io.gatehouse.proxy.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of the listing that is the same for every kind: the query's label and search filters,
 * its order and its page, applied to what the user's roles let them see. Like Teleport's unified
 * resources it sorts and pages the whole visible set each time (the proxy's directories hold it in
 * memory); a page starts at its key, so resources coming and going between two calls neither
 * repeat nor skip the ones that stayed.
 */
public final class ResourceListing {
    private ResourceListing() {
    }

    public static ResourcePage page(List<ListedResource<?>> visible, ResourceQuery query) {
        Comparator<ResourceKey> order = query.sort().order();
        List<ListedResource<?>> matching = visible.stream().filter(r -> query.kinds().isEmpty()
                || query.kinds().contains(r.kind())).filter(r -> hasLabels(r, query.labels()))
                .filter(r -> mentions(r, query.keywords())).sorted(Comparator.comparing(ListedResource::key, order))
                .toList();
        int from = query.start().map(start -> firstAtOrAfter(matching, start, order)).orElse(0);
        int to = Math.min(matching.size(), from + query.limit());
        String next = to < matching.size() ? matching.get(to).key().toString() : null;
        return new ResourcePage(matching.subList(from, to), next, matching.size());
    }

    private static int firstAtOrAfter(List<ListedResource<?>> sorted, ResourceKey start, Comparator<ResourceKey> order) {
        int i = 0;
        while (i < sorted.size() && order.compare(sorted.get(i).key(), start) < 0) {
            i++;
        }
        return i;
    }

    private static boolean hasLabels(ListedResource<?> r, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(r.labels().get(e.getKey())));
    }

    /** Every keyword appears in the name or in one of the labels as {@code key=value}, any case. */
    private static boolean mentions(ListedResource<?> r, List<String> keywords) {
        if (keywords.isEmpty()) {
            return true;
        }
        List<String> texts = new ArrayList<>();
        texts.add(r.name().toLowerCase(Locale.ROOT));
        r.labels().forEach((k, v) -> texts.add((k + "=" + v).toLowerCase(Locale.ROOT)));
        return keywords.stream().allMatch(word -> texts.stream().anyMatch(t -> t.contains(word)));
    }
}
