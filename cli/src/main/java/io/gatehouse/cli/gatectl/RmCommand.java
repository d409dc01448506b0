package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.shared.resource.Kind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Delete a resource: gatectl rm role/dev.")
final class RmCommand implements Callable<Integer> {
    @Mixin
    Connection connection;
    @Parameters(index = "0", paramLabel = "KIND/NAME")
    String target;

    @Override
    public Integer call() {
        String[] parts = target.split("/", 2);
        if (parts.length != 2 || parts[1].isBlank()) {
            throw new CliException(ExitCodes.USAGE, "name the resource as KIND/NAME, e.g. role/dev");
        }
        Kind kind = KindNames.resolve(parts[0]);
        connection.client().delete(kind, parts[1]);
        System.out.println(kind.id() + " '" + Sanitizer.clean(parts[1]) + "' has been deleted.");
        return 0;
    }
}
