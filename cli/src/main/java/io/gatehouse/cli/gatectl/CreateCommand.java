package io.gatehouse.cli.gatectl;

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
        var stored = force ? client.put(yaml, true) : client.create(yaml);
        ResourceFile.report(stored, force ? "created or updated" : "created");
        return 0;
    }
}
