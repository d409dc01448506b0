package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.TokenResponse;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.TokenSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", description = "Manage join tokens for agents and proxies.",
        subcommands = {TokensCommand.Add.class, TokensCommand.Ls.class, TokensCommand.Rm.class})
final class TokensCommand {

    @Command(name = "add", description = "Create a join token (its secret is shown once).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--type", split = ",", required = true, description = "System roles: node,desktop,db,...")
        List<String> roles;
        @Option(names = "--ttl", defaultValue = "30m", description = "Lifetime, e.g. 30m or 2h (default ${DEFAULT-VALUE})")
        String ttl;
        @Option(names = "--uses", description = "How many joins it allows (default: unlimited until it expires)")
        Integer uses;
        @Option(names = "--single-use", description = "Same as --uses=1")
        boolean singleUse;
        @Option(names = "--names", split = ",", description = "Node names an agent may take with it, globs allowed "
                + "(web-*); also the only extra certificate names it may ask for (default: any free name, none extra)")
        List<String> names;
        @Option(names = "--addr", description = "IP:PORT where the proxy dials a direct-mode node joining with it "
                + "(default: the IP it joins from, the port it announces)")
        String addr;

        @Override
        public Integer call() {
            var c = connection.client();
            Integer maxUses = singleUse ? Integer.valueOf(1) : uses;
            TokenResponse t = c.addToken(new CreateTokenRequest(roles, ttl, maxUses, names, addr));
            System.out.println("The invite token: " + Sanitizer.clean(t.token()));
            System.out.println("Token id:         " + Sanitizer.clean(t.id()) + " (for gatectl tokens rm)");
            System.out.println("Roles:            " + String.join(",", t.roles()));
            System.out.println("Uses:             " + (t.maxUses() == null ? "unlimited until expiry" : t.maxUses()));
            if (names != null && !names.isEmpty()) {
                System.out.println("Node names:       " + Sanitizer.clean(String.join(",", names)));
            }
            if (addr != null && !addr.isBlank()) {
                System.out.println("Direct address:   " + Sanitizer.clean(addr));
            }
            System.out.println("Expires:          " + t.expires() + " (in " + Duration.between(Instant.now(),
                    t.expires()).toMinutes() + "m)");
            System.out.println("CA pin:           " + c.hostCaPin());
            System.out.println();
            System.out.println("An agent joins with this token through the proxy; keep it secret, it is shown once.");
            System.out.println("Put both in the agent's config (token: ..., ca_pin: ...); the pin lets it trust the");
            System.out.println("proxy on first contact without copying a CA file.");
            return 0;
        }
    }

    @Command(name = "ls", description = "List join tokens (without their secrets).")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Override
        public Integer call() {
            Table t = new Table("Id", "Roles", "Uses", "Expires in");
            for (var tokens = connection.client().list(Kind.TOKEN, TokenSpec.class); tokens.hasNext(); ) {
                Resource<TokenSpec> tok = tokens.next();
                String max = tok.spec().maxUses().map(String::valueOf).orElse("unlimited");
                String left = tok.metadata().expires().map(exp -> Duration.between(Instant.now(), exp).toMinutes())
                        .map(minutes -> minutes < 0 ? "expired" : minutes + "m").orElse("never");
                t.row(tok.name(), String.join(",", tok.spec().roles()), tok.spec().uses() + "/" + max, left);
            }
            System.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete a join token by id.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            connection.client().delete(Kind.TOKEN, id);
            System.out.println("Token " + Sanitizer.clean(id) + " has been deleted.");
            return 0;
        }
    }
}
