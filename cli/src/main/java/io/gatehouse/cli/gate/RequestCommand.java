package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.AccessRequestDto;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Just-in-time access requests: ask for a role with a reason, review others' requests, and
 * (gate login --request-id) assume an approved one. Every text that came from another user
 * (reasons) is printed through the Sanitizer: a reason cannot drive the reviewer's terminal.
 */
@Command(name = "request", description = "Access requests: ask for roles, review, cancel.",
        subcommands = {RequestCommand.New.class, RequestCommand.Ls.class, RequestCommand.Show.class,
            RequestCommand.Review.class, RequestCommand.Cancel.class})
final class RequestCommand {

    @Command(name = "new", description = "Ask for roles: gate request new --roles=prod-access --reason=\"...\"")
    static final class New implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = "--roles", required = true, split = ",", description = "Roles to request, comma-separated")
        List<String> roles;
        @Option(names = "--reason", required = true, description = "Why: reviewers decide by it")
        String reason;
        @Option(names = "--duration", description = "How long the access lasts, e.g. 30m (default 1h)")
        String duration;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            JsonNode r = c.api().post("/v1/webapi/access-requests", new AccessRequestDto.Create(roles, reason,
                    duration));
            System.out.println("Request " + r.path("id").asText() + " for " + Sanitizer.clean(join(r.path("roles")))
                    + " is " + r.path("state").asText() + " until " + r.path("expires").asText() + ".");
            System.out.println("When it is approved: gate login --request-id=" + r.path("id").asText());
            return 0;
        }
    }

    @Command(name = "ls", description = "Your requests and those you may review")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = "--state", description = "pending, approved, denied, cancelled or expired")
        String state;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            String qs = state == null ? "" : "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
            JsonNode list = c.api().get("/v1/webapi/access-requests" + qs).path("requests");
            Table t = new Table("ID", "User", "Roles", "State", "Expires", "Reason", "You may review");
            for (JsonNode r : list) {
                t.row(r.path("id").asText(), Sanitizer.clean(r.path("user").asText()), Sanitizer.clean(join(
                        r.path("roles"))), r.path("state").asText(), r.path("expires").asText(),
                        Sanitizer.clean(r.path("reason").asText()), r.path("can_review").asBoolean() ? "yes" : "");
            }
            System.out.print(t.isEmpty() ? "No access requests.\n" : t.render());
            return 0;
        }
    }

    @Command(name = "show", description = "One request with its reviews")
    static final class Show implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().get("/v1/webapi/access-requests/" + encode(id)));
            return 0;
        }
    }

    @Command(name = "review", description = "Approve or deny: gate request review ID --approve --reason=\"...\"")
    static final class Review implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--approve")
        boolean approve;
        @Option(names = "--deny")
        boolean deny;
        @Option(names = "--reason", description = "Why (shown to the requester and in the audit log)")
        String reason;

        @Override
        public Integer call() {
            if (approve == deny) {
                throw new CliException(ExitCodes.USAGE, "say --approve or --deny (one of them)");
            }
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().post("/v1/webapi/access-requests/" + encode(id) + "/reviews",
                    new AccessRequestDto.Decision(approve, reason == null ? "" : reason)));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Withdraw your own request")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().post("/v1/webapi/access-requests/" + encode(id) + "/cancel", java.util.Map.of()));
            return 0;
        }
    }

    static void print(JsonNode r) {
        System.out.println("Request:  " + r.path("id").asText());
        System.out.println("User:     " + Sanitizer.clean(r.path("user").asText()));
        System.out.println("Roles:    " + Sanitizer.clean(join(r.path("roles"))));
        System.out.println("Reason:   " + Sanitizer.clean(r.path("reason").asText()));
        System.out.println("State:    " + r.path("state").asText() + (r.path("resolve_reason").isMissingNode()
                || r.path("resolve_reason").isNull() ? "" : " (" + Sanitizer.clean(r.path("resolve_reason").asText())
                + ")"));
        System.out.println("Expires:  " + r.path("expires").asText());
        for (JsonNode v : r.path("reviews")) {
            System.out.println("Review:   " + Sanitizer.clean(v.path("author").asText()) + " "
                    + (v.path("approve").asBoolean() ? "approved" : "denied") + ": "
                    + Sanitizer.clean(v.path("reason").asText()));
        }
    }

    private static String join(JsonNode roles) {
        StringBuilder out = new StringBuilder();
        roles.forEach(r -> out.append(out.isEmpty() ? "" : ",").append(r.asText()));
        return out.toString();
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private RequestCommand() {
    }
}
