package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.db.DbRoute;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "db", description = "A local listener for a database (GUI clients, pools): each connection to "
        + "127.0.0.1:PORT goes to the database through the proxy's web port.")
final class ProxyDbCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "The local port (default 0: any free one, printed)")
    int port;
    @Option(names = "--tunnel", description = "Authenticate for the clients with your database certificate, so they "
            + "connect without TLS or certificates (psql sslmode=disable, mariadb --skip-ssl)")
    boolean tunnel;
    @Option(names = "--db-user", paramLabel = "USER", description = "As gate db login, when not logged in to it yet")
    String dbUser;
    @Option(names = "--db-name", paramLabel = "NAME", description = "As gate db login, when not logged in to it yet")
    String dbName;
    @Parameters(index = "0", paramLabel = "NAME", description = "The database, as gate db ls shows it")
    String db;

    @Override
    public Integer call() throws Exception {
        DbCertFiles.requireName(db);
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port " + port + " is not a TCP port (0-65535)");
        }
        var c = target.resolve(GateHome.fromEnvironment());
        DbLogin login = new DbLogin(c);
        DbCertFiles files = login.ensure(db, dbUser, dbName);
        DbUpstream upstream = upstream(c, login, files, tunnel);
        try (LocalProxy listener = LocalProxy.start(port, upstream, ProxyDbCommand::log)) {
            DbRoute route = files.route();
            System.out.println("Started a local proxy for database '" + db + "' (" + route.protocol() + ") on 127.0.0.1:"
                    + listener.port() + (tunnel ? ", authenticated as database user '" + route.user() + "'" : "")
                    + "; Ctrl-C stops it.");
            System.out.println("Connect with:");
            System.out.println("  " + (tunnel ? String.join(" ", DbClients.tunnelCommand(route.protocol(),
                    DbClients.programs(route.protocol()).get(0), listener.port(), route.user(), route.database(),
                    List.of()).stream().map(DbClients::shellQuote).toList())
                    : DbClients.tlsCommand(files, route, "127.0.0.1", listener.port(), false)));
            System.out.flush();
            listener.join();
        }
        return 0;
    }

    /** The upstream for one database login: renewal from the login while it lasts (--tunnel only). */
    static DbUpstream upstream(Target.Cluster c, DbLogin login, DbCertFiles files, boolean tunnel) {
        return new DbUpstream(files, tunnel, DbConfigCommand.bareHost(c.proxyHost()), c.webPort(), login::renew,
                ProxyDbCommand::log, Clock.systemUTC());
    }

    /** Connection-level news on stderr, time-stamped; never what flows (no query text). */
    static void log(String message) {
        System.err.println(Instant.now() + " " + message);
    }
}
