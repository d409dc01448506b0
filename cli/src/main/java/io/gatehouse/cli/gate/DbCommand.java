package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.db.DbRoute;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** gate db: databases through the cluster (like tsh db). */
@Command(name = "db", description = "Reach databases (PostgreSQL, MySQL/MariaDB) through the cluster.",
        subcommands = {DbCommand.Ls.class, DbCommand.Login.class, DbCommand.Logout.class, DbConfigCommand.class,
            DbConnectCommand.class})
final class DbCommand {
    @Command(name = "ls", description = "List the databases you can reach, with the database users your roles allow.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text or json")
        String format;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("text") && !format.equals("json")) {
                throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': text or json");
            }
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            List<DbLogin.Database> dbs = new DbLogin(c).databases();
            if (format.equals("json")) {
                System.out.println(ApiJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(dbs.stream()
                        .map(d -> Map.of("name", d.name(), "protocol", d.protocol(), "labels", d.labels(), "db_users",
                                d.dbUsers(), "online", d.online())).toList()));
                return 0;
            }
            Table t = new Table("Name", "Protocol", "Labels", "DB Users", "Status");
            for (DbLogin.Database db : dbs) {
                StringJoiner labels = new StringJoiner(",");
                db.labels().forEach((k, v) -> labels.add(k + "=" + v));
                t.row(Sanitizer.clean(db.name()), Sanitizer.clean(db.protocol()), Sanitizer.clean(labels.toString()),
                        Sanitizer.clean(String.join(",", db.dbUsers())), db.online() ? "online" : "offline");
            }
            System.out.print(t.isEmpty() ? "No databases you can reach.\n" : t.render());
            return 0;
        }
    }

    @Command(name = "login", description = "Get a certificate for one database (and database user and name); "
            + "gate db connect and gate db config use it.")
    static final class Login implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = "--db-user", paramLabel = "USER",
                description = "The database user (default: the only one your roles allow)")
        String dbUser;
        @Option(names = "--db-name", paramLabel = "NAME",
                description = "The database (schema) inside it (default: any your roles allow, chosen by the client)")
        String dbName;
        @Parameters(index = "0", paramLabel = "NAME", description = "The database resource, as gate db ls shows it")
        String db;

        @Override
        public Integer call() throws IOException {
            DbCertFiles.requireName(db);
            var c = target.resolve(GateHome.fromEnvironment());
            DbCertFiles files = new DbLogin(c).login(db, dbUser, dbName);
            DbRoute route = files.route();
            System.out.println("Logged in to database '" + Sanitizer.clean(db) + "' (" + Sanitizer.clean(
                    route.protocol()) + ") as database user '" + Sanitizer.clean(route.user()) + "'"
                    + (route.database().isEmpty() ? "" : " on '" + Sanitizer.clean(route.database()) + "'")
                    + " until " + files.identity().expires() + ".");
            System.out.println("Next: gate db connect " + db + " (or gate db config " + db + " for other clients)");
            return 0;
        }
    }

    @Command(name = "logout", description = "Delete the certificates of one database login, or of all of them.")
    static final class Logout implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The database (default: all)")
        String db;

        @Override
        public Integer call() throws IOException {
            var c = target.resolve(GateHome.fromEnvironment());
            LoginFiles.logout(DbCertFiles.dirOf(c.keys()), db == null ? null : DbCertFiles.requireName(db), "database");
            return 0;
        }
    }
}
