package io.gatehouse.cli.gatectl;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        var c = connection.client();
        List<Resource<?>> items = new ArrayList<>(parts.length == 2 ? List.of(c.get(kind, parts[1], Spec.class))
                : c.list(kind, Spec.class).toList());
        switch (format) {
            case "json" -> {
                var w = ApiJson.newMapper().writer().with(SerializationFeature.INDENT_OUTPUT);
                List<Map<String, Object>> trees = items.stream().map(Resources::toTree).toList();
                System.out.println(parts.length == 2 ? w.writeValueAsString(trees.get(0)) : w.writeValueAsString(trees));
            }
            case "yaml" -> System.out.print(Sanitizer.cleanBlock(Resources.toYaml(items)));
            case "text" -> System.out.print((kind == Kind.DB ? dbTable(items) : kind == Kind.APP ? appTable(items)
                    : table(items)).render());
            default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': use text, yaml or json");
        }
        return 0;
    }

    private static Table table(List<Resource<?>> items) {
        Table t = new Table("Name", "Labels", "Description");
        for (Resource<?> item : items) {
            t.row(item.name(), labels(item), item.metadata().description());
        }
        return t;
    }

    /** Databases: what they speak and where their agent dials them, as tctl get db shows. */
    static Table dbTable(List<Resource<?>> items) {
        Table t = new Table("Name", "Protocol", "URI", "Labels");
        for (Resource<?> item : items) {
            DbSpec spec = item.spec() instanceof DbSpec d ? d : new DbSpec("", "", "");
            t.row(item.name(), spec.protocol(), spec.uri(), labels(item));
        }
        return t;
    }

    /** Apps: where their agent reaches them and the name users open HTTP apps at, as tctl get apps shows. */
    static Table appTable(List<Resource<?>> items) {
        Table t = new Table("Name", "URI", "Public Address", "Labels");
        for (Resource<?> item : items) {
            AppSpec spec = item.spec() instanceof AppSpec a ? a : new AppSpec("", "", "");
            t.row(item.name(), spec.uri(), spec.publicAddr(), labels(item));
        }
        return t;
    }

    private static String labels(Resource<?> item) {
        List<String> labels = new ArrayList<>();
        new TreeMap<>(item.metadata().labels()).forEach((k, v) -> labels.add(k + "=" + v));
        return String.join(",", labels);
    }
}
