package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", description = "Show how other clients connect to a database you logged in to "
        + "(files, a URI, or a command line).")
final class DbConfigCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text, uri or cmd (default: text)")
    String format;
    @Option(names = "--port", defaultValue = "3307", paramLabel = "PORT",
            description = "MySQL only: the port of gate proxy db's listener to name (default: 3307)")
    int localPort;
    @Parameters(index = "0", paramLabel = "NAME", description = "The database, as in gate db login NAME")
    String db;

    @Override
    public Integer call() {
        DbCertFiles.requireName(db);
        var c = target.resolve(GateHome.fromEnvironment());
        DbCertFiles files = DbCertFiles.of(c.keys(), db);
        if (!files.exists()) {
            throw new CliException(ExitCodes.NOT_FOUND, "not logged in to database '" + db + "': run gate db login "
                    + db + " first");
        }
        if (localPort < 1 || localPort > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port " + localPort + " is not a TCP port (1-65535)");
        }
        System.out.print(DbClients.config(format, files, files.route(), bareHost(c.proxyHost()), c.webPort(), localPort));
        return 0;
    }

    /** An IPv6 address as clients take it in a host= setting: without the URL brackets. */
    static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
