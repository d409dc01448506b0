package io.gatehouse.proxy.inventory;

import io.gatehouse.shared.audit.SafeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller asked the listing for, read from the query string and checked before anything is
 * listed: {@code kind} (repeated or comma-separated; absent: every kind), {@code search} (words
 * that must each appear in the name or a {@code key=value} label, any case), {@code labels}
 * (one {@code key=value} per parameter, all must match exactly), {@code sort}
 * ({@code name|kind[:asc|:desc]}), {@code limit} (1 to {@value #MAX_LIMIT}) and
 * {@code start_key} (a page's {@code next_key}). Anything else in the query is refused, so a
 * misspelt filter never silently lists everything.
 */
public record ResourceQuery(Set<String> kinds, List<String> keywords, Map<String, String> labels, Sort sort,
        int limit, Optional<ResourceKey> start) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    static final int MAX_SEARCH = 256;
    static final int MAX_LABELS = 32;
    private static final Set<String> PARAMETERS = Set.of("kind", "search", "labels", "sort", "limit", "start_key");

    public ResourceQuery {
        kinds = Set.copyOf(kinds);
        keywords = List.copyOf(keywords);
        labels = Map.copyOf(labels);
    }

    /** The listing's order: by name (then kind) or by kind (then name), either way round. */
    public record Sort(Field field, boolean descending) {
        public enum Field { NAME, KIND }

        public static final Sort DEFAULT = new Sort(Field.NAME, false);

        Comparator<ResourceKey> order() {
            Comparator<ResourceKey> byName = Comparator.comparing(ResourceKey::name).thenComparing(ResourceKey::kind);
            Comparator<ResourceKey> byKind = Comparator.comparing(ResourceKey::kind).thenComparing(ResourceKey::name);
            Comparator<ResourceKey> order = field == Field.NAME ? byName : byKind;
            return descending ? order.reversed() : order;
        }
    }

    /** A query to run, or what is wrong with it, for the caller to fix. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(ResourceQuery query) implements Parsed {
    }

    public record Invalid(String message) implements Parsed {
    }

    /** Every kind, no filter, first page, by name. */
    public static ResourceQuery everything(Set<String> kinds) {
        return new ResourceQuery(kinds, List.of(), Map.of(), Sort.DEFAULT, MAX_LIMIT, Optional.empty());
    }

    /** @param params the query string, each name with all its values */
    public static Parsed parse(Map<String, List<String>> params, Set<String> knownKinds) {
        for (String name : new TreeSet<>(params.keySet())) {
            if (!PARAMETERS.contains(name)) {
                return new Invalid("unknown query parameter '" + SafeText.of(name) + "': the resources listing takes "
                        + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        }
        try {
            return new Valid(new ResourceQuery(kinds(values(params, "kind"), knownKinds),
                    keywords(single(params, "search")), labels(values(params, "labels")),
                    sort(single(params, "sort")), limit(single(params, "limit")), start(single(params, "start_key"))));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
    }

    private static Set<String> kinds(List<String> values, Set<String> known) {
        Set<String> kinds = new TreeSet<>();
        for (String value : values) {
            for (String kind : value.split(",", -1)) {
                String k = kind.strip();
                if (k.isEmpty()) {
                    continue;
                }
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown resource kind '" + SafeText.of(k) + "': this proxy "
                            + "lists " + String.join(", ", new TreeSet<>(known)) + " (or leave kind out for all of them)");
                }
                kinds.add(k);
            }
        }
        return kinds;
    }

    private static List<String> keywords(String search) {
        if (search.length() > MAX_SEARCH) {
            throw new IllegalArgumentException("the search text is " + search.length() + " characters long; "
                    + "at most " + MAX_SEARCH + " are searched for");
        }
        List<String> words = new ArrayList<>();
        for (String word : search.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    private static Map<String, String> labels(List<String> values) {
        if (values.size() > MAX_LABELS) {
            throw new IllegalArgumentException(values.size() + " label filters given; at most " + MAX_LABELS);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : values) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.length() > 2 * SafeText.MAX) {
                throw new IllegalArgumentException("label filter '" + SafeText.of(pair) + "' is not key=value "
                        + "(one labels=key=value parameter per label)");
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            String before = labels.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                throw new IllegalArgumentException("label filters '" + SafeText.of(key + "=" + before) + "' and '"
                        + SafeText.of(pair) + "' can never both match: a resource has one value per label");
            }
        }
        return labels;
    }

    private static Sort sort(String text) {
        if (text.isEmpty()) {
            return Sort.DEFAULT;
        }
        String[] parts = text.split(":", -1);
        Sort.Field field = switch (parts[0]) {
            case "name" -> Sort.Field.NAME;
            case "kind" -> Sort.Field.KIND;
            default -> throw new IllegalArgumentException("cannot sort by '" + SafeText.of(parts[0]) + "': sort by "
                    + "name or kind, optionally followed by :asc or :desc");
        };
        if (parts.length == 1 || parts.length == 2 && parts[1].equals("asc")) {
            return new Sort(field, false);
        }
        if (parts.length == 2 && parts[1].equals("desc")) {
            return new Sort(field, true);
        }
        throw new IllegalArgumentException("sort '" + SafeText.of(text) + "' is not name or kind followed by :asc or "
                + ":desc");
    }

    private static int limit(String text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("limit '" + SafeText.of(text) + "' is not a number from 1 to " + MAX_LIMIT);
    }

    private static Optional<ResourceKey> start(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ResourceKey.parse(text).orElseThrow(() -> new IllegalArgumentException("start_key '"
                + SafeText.of(text) + "' is not a next_key this listing handed out (kind/name)")));
    }

    private static List<String> values(Map<String, List<String>> params, String name) {
        return params.getOrDefault(name, List.of());
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = values(params, name);
        if (values.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' is given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? "" : values.getFirst();
    }
}
