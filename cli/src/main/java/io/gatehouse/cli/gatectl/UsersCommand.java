package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.InviteResponse;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "users", description = "Manage local users.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Ls.class, UsersCommand.Rm.class, UsersCommand.Reset.class,
                UsersCommand.Unlock.class})
final class UsersCommand {

    @Command(name = "add", description = "Add a user and print a one-time signup link (password + TOTP).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--roles", split = ",", required = true, description = "Roles, e.g. access,editor")
        List<String> roles;
        @Option(names = "--logins", split = ",", description = "OS logins (the internal.logins trait)")
        List<String> logins = List.of();
        @Option(names = "--desktop-logins", split = ",",
                description = "Desktop (RDP) logins (the internal.desktop_logins trait), e.g. Administrator")
        List<String> desktopLogins = List.of();
        @Option(names = "--db-users", split = ",",
                description = "Database users (the internal.db_users trait the access role allows), e.g. app")
        List<String> dbUsers = List.of();
        @Option(names = "--db-names", split = ",",
                description = "Database names (the internal.db_names trait the access role allows), e.g. orders")
        List<String> dbNames = List.of();

        @Override
        public Integer call() {
            Map<String, List<String>> traits = new java.util.LinkedHashMap<>();
            if (!desktopLogins.isEmpty()) {
                traits.put("desktop_logins", desktopLogins);
            }
            if (!dbUsers.isEmpty()) {
                traits.put("db_users", dbUsers);
            }
            if (!dbNames.isEmpty()) {
                traits.put("db_names", dbNames);
            }
            InviteResponse invite = connection.client().addUser(new CreateUserRequest(name, roles, logins, traits));
            printInvite(invite, "has been created but requires a password");
            return 0;
        }
    }

    @Command(name = "reset", description = "Clear a user's password and second factor; print a new signup link.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            InviteResponse invite = connection.client().resetUser(name);
            printInvite(invite, "has been reset");
            return 0;
        }
    }

    @Command(name = "unlock", description = "End a user's lockout after failed logins; the password and second "
            + "factor stay as they are.")
    static final class Unlock implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean wasLocked = connection.client().unlockUser(name);
            String who = Sanitizer.clean(name);
            if (wasLocked) {
                System.out.println("User '" + who + "' has been unlocked. They log in with their current password "
                        + "and authenticator; nothing else changed.");
            } else {
                System.out.println("User '" + who + "' was not locked; their count of failed logins is back to 0.");
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List users.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            Table t = new Table("User", "Roles", "Logins", "Connector");
            for (var users = connection.client().list(Kind.USER, UserSpec.class); users.hasNext(); ) {
                Resource<UserSpec> u = users.next();
                t.row(u.name(), String.join(",", u.spec().roles()), String.join(",", u.spec().traits()
                        .getOrDefault("logins", List.of())), u.spec().connector());
            }
            System.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete a user.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            connection.client().delete(Kind.USER, name);
            System.out.println("User '" + Sanitizer.clean(name) + "' has been deleted.");
            return 0;
        }
    }

    static void printInvite(InviteResponse invite, String what) {
        long minutes = Math.max(0, Duration.between(Instant.now(), invite.expires()).toMinutes());
        System.out.println("User '" + Sanitizer.clean(invite.username()) + "' " + what + ". Share this URL with the "
                + "user to set a password and enrol a second factor; it is valid for " + (minutes >= 59
                        ? Math.round(minutes / 60.0) + "h" : minutes + "m") + " (until " + invite.expires() + "):");
        System.out.println();
        System.out.println(Sanitizer.clean(invite.inviteUrl()));
        System.out.println();
        System.out.println("NOTE: make sure the proxy address in this link is reachable by the user.");
    }
}
