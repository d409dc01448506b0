package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "app", description = "A local listener for a TCP app: each connection to 127.0.0.1:PORT goes to the "
        + "app through the proxy's web port, authenticated with your app certificate.")
final class ProxyAppCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "The local port (default 0: any free one, printed)")
    int port;
    @Parameters(index = "0", paramLabel = "NAME", description = "The app, as gate apps ls shows it")
    String app;

    @Override
    public Integer call() throws Exception {
        AppCertFiles.requireName(app);
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port " + port + " is not a TCP port (0-65535)");
        }
        var c = target.resolve(GateHome.fromEnvironment());
        AppLogin login = new AppLogin(c);
        AppLogin.App listed = login.find(app);
        if (!"tcp".equals(listed.uriKind())) {
            throw new CliException(ExitCodes.USAGE, "'" + app + "' is an HTTP app: it will open in the browser from the "
                    + "Resources page; gate proxy app serves TCP apps");
        }
        AppCertFiles files = login.ensure(app);
        AppUpstream upstream = new AppUpstream(files, DbConfigCommand.bareHost(c.proxyHost()), c.webPort(),
                login::login, ProxyDbCommand::log, Clock.systemUTC());
        try (LocalProxy listener = LocalProxy.start(port, upstream, ProxyDbCommand::log)) {
            System.out.println("Started a local proxy for app '" + app + "' on 127.0.0.1:" + listener.port()
                    + "; Ctrl-C stops it.");
            System.out.println("Connect your client to 127.0.0.1:" + listener.port() + ".");
            System.out.flush();
            listener.join();
        }
        return 0;
    }
}
