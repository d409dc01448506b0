package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List the nodes you can reach, with their labels.")
final class LsCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--search", description = "Only nodes whose name or labels contain this text")
    String search;
    @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text or json")
    String format;
    @Parameters(arity = "0..1", paramLabel = "LABELS", description = "Label filter: key=value[,key=value...]")
    String labels;

    @Override
    public Integer call() throws Exception {
        var c = target.resolve(GateHome.fromEnvironment());
        c.requireValid();
        Map<String, String> wanted = parseLabels(labels);
        List<JsonNode> nodes = new ArrayList<>();
        for (JsonNode n : c.api().nodes()) {
            if (matches(n, wanted) && (search == null || mentions(n, search))) {
                nodes.add(n);
            }
        }
        switch (format) {
            case "json" -> {
                ArrayNode out = ApiJson.newMapper().createArrayNode();
                nodes.forEach(out::add);
                System.out.println(ApiJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            }
            case "text" -> {
                Table t = new Table("Node Name", "Address", "Labels", "Status");
                for (JsonNode n : nodes) {
                    // Sorted by key, so a node's labels read the same in every listing.
                    java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
                    n.path("labels").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
                    StringJoiner l = new StringJoiner(",");
                    sorted.forEach((k, v) -> l.add(k + "=" + v));
                    t.row(Sanitizer.clean(n.path("name").asText()), n.path("tunnel").asBoolean() ? "<- tunnel" : "direct",
                            Sanitizer.clean(l.toString()), n.path("online").asBoolean() ? "online" : "offline");
                }
                System.out.print(t.isEmpty() ? "No nodes you can reach" + (wanted.isEmpty() && search == null ? ""
                        : " match") + ".\n" : t.render());
            }
            default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': text or json");
        }
        return 0;
    }

    static Map<String, String> parseLabels(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "label filter '" + pair + "' is not key=value");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }

    private static boolean matches(JsonNode node, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(node.path("labels").path(e.getKey())
                .asText(null)));
    }

    private static boolean mentions(JsonNode node, String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        if (node.path("name").asText().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        var it = node.path("labels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if ((e.getKey() + "=" + e.getValue().asText()).toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
