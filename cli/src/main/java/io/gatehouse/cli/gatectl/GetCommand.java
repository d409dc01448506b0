package io.gatehouse.cli.gatectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.cli.apiclient.AuthApiClient;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Show resources: gatectl get roles, gatectl get role/dev -o yaml.")
final class GetCommand implements Callable<Integer> {
    @Mixin
    Connection connection;
    @Parameters(index = "0", paramLabel = "KIND[/NAME]")
    String target;
    @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text, yaml or json")
    String format;

    @Override
    public Integer call() throws Exception {
        String[] parts = target.split("/", 2);
        Kind kind = KindNames.resolve(parts[0]);
        AuthApiClient c = connection.client();
        List<JsonNode> items = parts.length == 2
                ? List.of(c.get(ApiPaths.RESOURCES + "/" + kind.id() + "/" + parts[1]))
                : Pages.all(c, kind.id());
        switch (format) {
            case "json" -> {
                var w = c.json().writer().with(SerializationFeature.INDENT_OUTPUT);
                System.out.println(parts.length == 2 ? w.writeValueAsString(items.get(0)) : w.writeValueAsString(items));
            }
            case "yaml" -> {
                List<Resource<?>> resources = new ArrayList<>();
                for (JsonNode item : items) {
                    resources.add(Resources.parseJson(item.toString(), kind.id()));
                }
                System.out.print(Sanitizer.cleanBlock(Resources.toYaml(resources)));
            }
            case "text" -> System.out.print(table(items).render());
            default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': use text, yaml or json");
        }
        return 0;
    }

    private static Table table(List<JsonNode> items) {
        Table t = new Table("Name", "Labels", "Description");
        for (JsonNode item : items) {
            JsonNode meta = item.path("metadata");
            List<String> labels = new ArrayList<>();
            meta.path("labels").fields().forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
            t.row(meta.path("name").asText(), String.join(",", labels), meta.path("description").asText());
        }
        return t;
    }
}
