package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.ExitCodes;
import java.time.Duration;
import java.time.Instant;
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
        return valid ? 0 : ExitCodes.ACCESS_DENIED;
    }
}
