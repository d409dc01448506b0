package io.gatehouse.cli.gatectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.AuthApiClient;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.InviteResponse;
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

        @Override
        public Integer call() {
            AuthApiClient c = connection.client();
            Map<String, List<String>> traits = desktopLogins.isEmpty() ? Map.of()
                    : Map.of("desktop_logins", desktopLogins);
            InviteResponse invite = c.read(c.postJson(ApiPaths.USERS, new CreateUserRequest(name, roles, logins,
                    traits)), InviteResponse.class);
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
            AuthApiClient c = connection.client();
            InviteResponse invite = c.read(c.postJson(ApiPaths.USERS + "/" + name + "/reset", Map.of()),
                    InviteResponse.class);
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
            AuthApiClient c = connection.client();
            JsonNode unlocked = c.postJson(ApiPaths.USERS + "/" + name + "/unlock", Map.of());
            String who = Sanitizer.clean(name);
            if (unlocked.path("was_locked").asBoolean()) {
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
            for (JsonNode u : Pages.all(connection.client(), "user")) {
                JsonNode spec = u.path("spec");
                t.row(u.path("metadata").path("name").asText(), Pages.join(spec.path("roles")),
                        Pages.join(spec.path("traits").path("logins")), spec.path("connector").asText("local"));
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
            connection.client().delete(ApiPaths.RESOURCES + "/user/" + name);
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
