package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.shared.db.DbRoute;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Show who you are logged in as, where, and until when.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() {
        var c = target.resolve(GateHome.fromEnvironment());
        var id = c.keys().user();
        Instant now = Instant.now();
        boolean valid = id.expires().isAfter(now);
        System.out.println("> Profile URL:  https://" + c.proxy());
        System.out.println("  Cluster:      " + c.name());
        System.out.println("  User:         " + id.username());
        System.out.println("  Roles:        " + String.join(", ", id.roles()));
        System.out.println("  Logins:       " + String.join(", ", id.logins()));
        System.out.println("  Valid until:  " + id.expires() + (valid ? " [valid for "
                + Duration.between(now, id.expires()).toMinutes() + "m]" : " [EXPIRED: run gate login]"));
        System.out.println("  Keys:         " + c.keys().prefix());
        printDatabases(c.keys(), now);
        return valid ? 0 : ExitCodes.ACCESS_DENIED;
    }

    /** The database logins beside the keys, each with its route and end (gate db login). */
    private static void printDatabases(KeySet keys, Instant now) {
        List<String> dbs;
        try {
            dbs = DbCertFiles.stored(DbCertFiles.dirOf(keys));
        } catch (IOException e) {
            return;
        }
        for (int i = 0; i < dbs.size(); i++) {
            DbCertFiles files = DbCertFiles.of(keys, dbs.get(i));
            String line;
            try {
                DbRoute route = files.route();
                Instant expires = files.identity().expires();
                line = dbs.get(i) + " (" + route.protocol() + ", user " + route.user() + (route.database().isEmpty()
                        ? "" : ", database " + route.database()) + ")" + (expires.isAfter(now) ? " until " + expires
                        : " EXPIRED");
            } catch (RuntimeException e) {
                line = dbs.get(i) + " (unreadable: run gate db login " + dbs.get(i) + ")";
            }
            System.out.println((i == 0 ? "  Databases:    " : "                ") + Sanitizer.clean(line));
        }
    }
}
