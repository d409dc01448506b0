package io.gatehouse.cli.gatectl;

import io.gatehouse.shared.api.ApiPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create resources from a YAML file (all documents, or none).")
final class CreateCommand implements Callable<Integer> {
    @Mixin
    Connection connection;
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
    Path file;
    @Option(names = "--force", description = "Overwrite resources that already exist")
    boolean force;

    @Override
    public Integer call() {
        String yaml = ResourceFile.readValidated(file);
        var client = connection.client();
        var page = force ? client.sendYaml("PUT", ApiPaths.RESOURCES + "?upsert=true", yaml)
                : client.sendYaml("POST", ApiPaths.RESOURCES, yaml);
        ResourceFile.report(page, force ? "created or updated" : "created");
        return 0;
    }
}
