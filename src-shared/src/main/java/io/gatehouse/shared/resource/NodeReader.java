package io.gatehouse.shared.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values from a composed YAML node tree, recording a Problem (field path + line) for
 * each mistake instead of stopping at the first, so an admin fixes a file in one round.
 */
final class NodeReader {
    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    void problem(String field, Node node, String message) {
        problems.add(new Problem(field, node == null ? 0 : node.getStartMark().getLine() + 1, message));
    }

    /** A mapping's entries by key; unknown keys are problems (with a did-you-mean when one is close). */
    Map<String, Node> mapping(Node node, String field, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            problem(field, node, "expected a mapping (key: value), got " + describe(node));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(field, t.getKeyNode(), "keys must be plain strings");
                continue;
            }
            String key = k.getValue();
            String path = join(field, key);
            if (allowed != null && !allowed.contains(key)) {
                problem(path, k, "unknown field '" + key + "'" + suggestion(key, allowed));
            } else if (out.containsKey(key)) {
                problem(path, k, "duplicate field '" + key + "'");
            } else {
                out.put(key, t.getValueNode());
            }
        }
        return out;
    }

    Optional<String> string(Node node, String field) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problem(field, node, "expected a string, got " + describe(node));
        return Optional.empty();
    }

    String required(Map<String, Node> map, String key, String field, Node parent) {
        Optional<String> v = string(map.get(key), join(field, key));
        if (v.isEmpty() || v.get().isBlank()) {
            if (!map.containsKey(key) || isNull(map.get(key))) {
                problem(join(field, key), parent, "'" + key + "' is required");
            } else {
                problem(join(field, key), map.get(key), "'" + key + "' must not be empty");
            }
            return "";
        }
        return v.get();
    }

    /** A list of strings; a single scalar is accepted as a one-element list. */
    List<String> strings(Node node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (node instanceof ScalarNode s) {
            out.add(s.getValue());
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            problem(field, node, "expected a list of strings, got " + describe(node));
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            string(seq.getValue().get(i), field + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    /** Templated strings ("{{internal.logins}}"), each template checked for syntax. */
    List<String> templated(Node node, String field) {
        List<String> values = strings(node, field);
        for (int i = 0; i < values.size(); i++) {
            try {
                ValueSyntax.validateTemplate(values.get(i));
            } catch (IllegalArgumentException e) {
                problem(field + "[" + i + "]", node, e.getMessage());
            }
        }
        return values;
    }

    /** A label selector: key → one pattern or a list; each pattern '*', a glob or ^regex$. */
    Map<String, List<String>> selector(Node node, String field) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        mapping(node, field, null).forEach((key, value) -> {
            String path = join(field, key);
            List<String> patterns = strings(value, path);
            for (int i = 0; i < patterns.size(); i++) {
                try {
                    if (!patterns.get(i).contains("{{")) {
                        ValueSyntax.validatePattern(patterns.get(i));
                    }
                } catch (IllegalArgumentException e) {
                    problem(patterns.size() > 1 ? path + "[" + i + "]" : path, value, e.getMessage());
                }
            }
            out.put(key, patterns);
        });
        return out;
    }

    Map<String, String> labels(Node node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        mapping(node, field, null).forEach((key, value) -> {
            if (!key.matches("[A-Za-z0-9/._*-]{1,63}")) {
                problem(join(field, key), value, "label key '" + key + "' must be 1-63 letters, digits, '/._-'");
            }
            string(value, join(field, key)).ifPresent(v -> out.put(key, v));
        });
        return out;
    }

    Map<String, List<String>> traits(Node node, String field) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        mapping(node, field, null).forEach((key, value) -> out.put(key, strings(value, join(field, key))));
        return out;
    }

    Optional<Duration> duration(Node node, String field) {
        return string(node, field).flatMap(text -> {
            try {
                return Optional.of(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                problem(field, node, e.getMessage());
                return Optional.empty();
            }
        });
    }

    Optional<Boolean> bool(Node node, String field) {
        return string(node, field).flatMap(text -> switch (text) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                problem(field, node, "expected true or false, got '" + text + "'");
                yield Optional.empty();
            }
        });
    }

    Optional<Integer> integer(Node node, String field) {
        return string(node, field).flatMap(text -> {
            try {
                return Optional.of(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                problem(field, node, "expected a whole number, got '" + text + "'");
                return Optional.empty();
            }
        });
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    static String join(String field, String key) {
        return field == null || field.isEmpty() ? key : field + "." + key;
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s -> "'" + s.getValue() + "'";
            default -> "something else";
        };
    }

    private static String suggestion(String key, Set<String> allowed) {
        String squashed = key.replace("_", "").replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return allowed.stream()
                .filter(a -> a.replace("_", "").equalsIgnoreCase(squashed) || editDistance(a, key) <= 2)
                .min(java.util.Comparator.comparingInt(a -> editDistance(a, key)))
                .map(a -> " (did you mean '" + a + "'?)").orElse("; allowed: " + allowed.stream().sorted().toList());
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
