package io.gatehouse.cli.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "logout", description = "Delete your keys and certificates from this machine.")
final class LogoutCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        GateHome home = GateHome.fromEnvironment();
        var profile = home.profile();
        if (profile.isEmpty()) {
            System.out.println("Not logged in.");
            return 0;
        }
        KeySet keys = new KeySet(home.keyPrefix(profile.get().proxy(), profile.get().user()));
        keys.delete();
        // Database logins are certificates for the same key: they go with it.
        for (String db : DbCertFiles.stored(DbCertFiles.dirOf(keys))) {
            DbCertFiles.of(keys, db).delete();
        }
        Files.deleteIfExists(keys.prefix().resolveSibling("known_hosts"));
        Files.deleteIfExists(keys.prefix().resolveSibling("ssh_config"));
        home.removeProfile();
        System.out.println("Logged out " + profile.get().user() + " from " + profile.get().proxy() + ".");
        return 0;
    }
}
