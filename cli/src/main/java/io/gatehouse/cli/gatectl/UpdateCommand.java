package io.gatehouse.cli.gatectl;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "update", description = "Update existing resources from a YAML file (all documents, or none).")
final class UpdateCommand implements Callable<Integer> {
    @Mixin
    Connection connection;
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        String yaml = ResourceFile.readValidated(file);
        ResourceFile.report(connection.client().put(yaml, false), "updated");
        return 0;
    }
}
