package io.gatehouse.cli.gate;

import io.gatehouse.shared.db.DbRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connect", description = "Start psql or mariadb/mysql connected to a database (logging in to it "
        + "first if needed); arguments after -- go to the client, and gate exits with its code.")
final class DbConnectCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--db-user", paramLabel = "USER",
            description = "The database user (default: the stored login's, or the only one your roles allow)")
    String dbUser;
    @Option(names = "--db-name", paramLabel = "NAME", description = "The database (schema) inside it")
    String dbName;
    @Parameters(index = "0", paramLabel = "NAME", description = "The database, as gate db ls shows it")
    String db;
    @Parameters(index = "1..*", paramLabel = "CLIENT-ARGS", description = "Passed to psql or mariadb as they are")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        DbCertFiles.requireName(db);
        var c = target.resolve(GateHome.fromEnvironment());
        DbLogin login = new DbLogin(c);
        DbCertFiles files = login.ensure(db, dbUser, dbName);
        DbRoute route = files.route();
        String program = DbClients.findProgram(route.protocol(), System.getenv("PATH"));
        DbUpstream upstream = ProxyDbCommand.upstream(c, login, files, true);
        try (LocalProxy listener = LocalProxy.start(0, upstream, ProxyDbCommand::log)) {
            List<String> cmd = DbClients.tunnelCommand(route.protocol(), program, listener.port(), route.user(),
                    route.database(), extra);
            // Ctrl-C is the client's (psql sends a cancel through this very listener): gate must outlive it.
            try (var ignored = InterruptGuard.install()) {
                return new ProcessBuilder(cmd).inheritIO().start().waitFor();
            }
        }
    }
}
