package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.UserIdentity;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** gate apps: applications through the cluster (like tsh apps). */
@Command(name = "apps", description = "Reach applications (TCP now, HTTP in the browser later) through the cluster.",
        subcommands = {AppCommand.Ls.class, AppCommand.Login.class, AppCommand.Logout.class, AppCommand.Config.class})
final class AppCommand {
    @Command(name = "ls", description = "List the apps your roles let you reach.")
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
            List<AppLogin.App> apps = new AppLogin(c).apps();
            if (format.equals("json")) {
                System.out.println(ApiJson.newMapper().writerWithDefaultPrettyPrinter().writeValueAsString(apps.stream()
                        .map(a -> Map.of("name", a.name(), "uri_kind", a.uriKind(), "labels", a.labels(), "online",
                                a.online())).toList()));
                return 0;
            }
            Table t = new Table("Name", "Kind", "Labels", "Status");
            for (AppLogin.App app : apps) {
                StringJoiner labels = new StringJoiner(",");
                app.labels().forEach((k, v) -> labels.add(k + "=" + v));
                t.row(Sanitizer.clean(app.name()), Sanitizer.clean(app.uriKind()), Sanitizer.clean(labels.toString()),
                        app.online() ? "online" : "offline");
            }
            System.out.print(t.isEmpty() ? "No apps you can reach.\n" : t.render());
            return 0;
        }
    }

    @Command(name = "login", description = "Get a certificate for one app; gate proxy app and gate apps config use it.")
    static final class Login implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "NAME", description = "The app, as gate apps ls shows it")
        String app;

        @Override
        public Integer call() throws IOException {
            AppCertFiles.requireName(app);
            var c = target.resolve(GateHome.fromEnvironment());
            AppCertFiles files = new AppLogin(c).login(app);
            System.out.println("Logged in to app '" + Sanitizer.clean(app) + "' until " + files.identity().expires()
                    + ".");
            System.out.println("Next: gate proxy app " + app + " --port 0 (or gate apps config " + app + ")");
            return 0;
        }
    }

    @Command(name = "logout", description = "Delete the certificates of one app login, or of all of them.")
    static final class Logout implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The app (default: all)")
        String app;

        @Override
        public Integer call() throws IOException {
            var c = target.resolve(GateHome.fromEnvironment());
            LoginFiles.logout(AppCertFiles.dirOf(c.keys()), app == null ? null : AppCertFiles.requireName(app), "app");
            return 0;
        }
    }

    @Command(name = "config", description = "Show the files of an app login and how clients use them.")
    static final class Config implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "NAME", description = "The app, as in gate apps login NAME")
        String app;

        @Override
        public Integer call() {
            AppCertFiles.requireName(app);
            var c = target.resolve(GateHome.fromEnvironment());
            AppCertFiles files = AppCertFiles.of(c.keys(), app);
            if (!files.exists()) {
                throw new CliException(ExitCodes.NOT_FOUND, "not logged in to app '" + app + "': run gate apps login "
                        + app + " first");
            }
            UserIdentity identity = files.identity();
            String host = DbConfigCommand.bareHost(c.proxyHost());
            System.out.print(config(app, files, identity, host, c.webPort()));
            return 0;
        }

        static String config(String app, AppCertFiles files, UserIdentity identity, String proxyHost, int webPort) {
            String route = AppRoute.of(identity.routing()).map(AppRoute::name).orElse(app);
            return "Name:      " + route + "\n"
                    + "Expires:   " + identity.expires() + "\n"
                    + "CA:        " + files.ca() + "\n"
                    + "Cert:      " + files.certificate() + "\n"
                    + "Key:       " + files.key() + "\n"
                    + "TCP apps:  gate proxy app " + app + " --port PORT, then connect your client to 127.0.0.1:PORT\n"
                    + "HTTP apps: curl --cert " + files.certificate() + " --key " + files.key() + " --cacert "
                    + files.ca() + " https://" + app + "." + proxyHost + ":" + webPort + "/\n"
                    + "           (HTTP apps are served at NAME.<proxy host> once browser access is enabled)\n";
        }
    }
}
