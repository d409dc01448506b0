package io.gatehouse.shared.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The one place resources are parsed, validated and written. Parsing composes YAML into nodes
 * (never Java objects, so no type tags can construct anything) and validates every field with
 * its line; all problems of a document are reported together.
 */
public final class Resources {
    private static final Set<String> TOP = Set.of("kind", "version", "metadata", "spec", "status");
    private static final Set<String> METADATA = Set.of("name", "labels", "description", "expires", "revision");
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9._@-]{0,252}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Resources() {
    }

    public static List<Resource<?>> parseYaml(String text, String sourceName) {
        LoaderOptions options = new LoaderOptions();
        // Refuse "billion laughs" style alias bombs and oversized input early.
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(3 * 1024 * 1024);
        options.setAllowDuplicateKeys(true);
        Yaml yaml = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                new DumperOptions()), new DumperOptions(), options);
        List<Resource<?>> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            int doc = 0;
            for (Node node : yaml.composeAll(new StringReader(text))) {
                doc++;
                NodeReader r = new NodeReader();
                Resource<?> resource = read(node, r);
                if (r.problems().isEmpty()) {
                    out.add(resource);
                } else {
                    problems.addAll(r.problems());
                }
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new Problem("", line, "YAML syntax: " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")")));
        } catch (YAMLException e) {
            problems.add(new Problem("", 0, "YAML refused: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new ResourceException(sourceName, problems);
        }
        return out;
    }

    public static Resource<?> parseJson(String json, String sourceName) {
        List<Resource<?>> all = parseYaml(json, sourceName);
        if (all.size() != 1) {
            throw new ResourceException(sourceName, List.of(new Problem("", 0, "expected exactly one resource")));
        }
        return all.get(0);
    }

    /**
     * One resource from a JSON tree already parsed (an API answer), validated as {@link #parseYaml}
     * validates, without writing it out and scanning it again.
     */
    public static Resource<?> parseTree(com.fasterxml.jackson.databind.JsonNode tree, String sourceName) {
        NodeReader r = new NodeReader();
        Resource<?> resource = read(JsonTrees.node(tree), r);
        if (!r.problems().isEmpty()) {
            throw new ResourceException(sourceName, r.problems());
        }
        return resource;
    }

    public static void validate(Resource<?> resource) {
        parseYaml(toYaml(resource), resource.kind().id() + " '" + resource.name() + "'");
    }

    private static Resource<?> read(Node node, NodeReader r) {
        Map<String, Node> top = r.mapping(node, "", TOP);
        String kindId = r.required(top, "kind", "", node);
        String version = r.required(top, "version", "", node);
        Optional<Kind> kind = Kind.fromId(kindId);
        if (!kindId.isEmpty() && kind.isEmpty()) {
            r.problem("kind", top.get("kind"), "unknown kind '" + kindId + "'; known kinds: "
                    + java.util.Arrays.stream(Kind.values()).map(Kind::id).toList());
        }
        if (!version.isEmpty() && !version.equals("v1")) {
            r.problem("version", top.get("version"), "unsupported version '" + version + "'; use v1");
        }
        Metadata metadata = metadata(top.get("metadata"), r, node);
        Spec spec = kind.map(k -> SpecCodecs.read(k, top.get("spec"), r)).orElse(null);
        return kind.map(k -> new Resource<>(k, version, metadata, spec)).orElse(null);
    }

    private static Metadata metadata(Node node, NodeReader r, Node parent) {
        if (node == null) {
            r.problem("metadata", parent, "'metadata' with a name is required");
            return new Metadata("", Map.of(), "", Optional.empty(), 0);
        }
        Map<String, Node> m = r.mapping(node, "metadata", METADATA);
        String name = r.required(m, "name", "metadata", node);
        if (!name.isEmpty() && !name.matches(NAME)) {
            r.problem("metadata.name", m.get("name"), "name '" + name + "' must start with a letter or digit and use "
                    + "only letters, digits and . _ @ - (at most 253)");
        }
        Optional<Instant> expires = r.string(m.get("expires"), "metadata.expires").flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                r.problem("metadata.expires", m.get("expires"), "expected an ISO-8601 time like 2026-12-31T23:59:59Z");
                return Optional.empty();
            }
        });
        long revision = r.string(m.get("revision"), "metadata.revision").map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                r.problem("metadata.revision", m.get("revision"), "expected a whole number");
                return 0L;
            }
        }).orElse(0L);
        return new Metadata(name, r.labels(m.get("labels"), "metadata.labels"),
                r.string(m.get("description"), "metadata.description").orElse(""), expires, revision);
    }

    public static Map<String, Object> toTree(Resource<?> r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("kind", r.kind().id());
        tree.put("version", r.version());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", r.name());
        if (!r.metadata().labels().isEmpty()) {
            meta.put("labels", new java.util.TreeMap<>(r.metadata().labels()));
        }
        if (!r.metadata().description().isEmpty()) {
            meta.put("description", r.metadata().description());
        }
        r.metadata().expires().ifPresent(e -> meta.put("expires", e.toString()));
        if (r.metadata().revision() > 0) {
            meta.put("revision", r.metadata().revision());
        }
        tree.put("metadata", meta);
        tree.put("spec", SpecCodecs.write(r.spec()));
        return tree;
    }

    public static String toYaml(Resource<?> r) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(200);
        return new Yaml(options).dump(toTree(r));
    }

    public static String toYaml(List<Resource<?>> all) {
        return String.join("---\n", all.stream().map(Resources::toYaml).toList());
    }

    public static String toJson(Resource<?> r) {
        try {
            return JSON.writeValueAsString(toTree(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
