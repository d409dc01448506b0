package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.StatusResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Show the cluster: name, version, certificate authorities, counts.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Override
    public Integer call() {
        var client = connection.client();
        StatusResponse s = client.status();
        System.out.println("Cluster:  " + Sanitizer.clean(s.clusterName()));
        System.out.println("Version:  " + Sanitizer.clean(s.version()));
        System.out.println("Auth:     " + connection.auth + " (server time " + s.serverTime() + ")");
        System.out.println("You:      " + Sanitizer.clean(s.callerName()) + " (" + Sanitizer.clean(s.callerKind())
                + ")");
        System.out.println("Counts:   " + s.users() + " users, " + s.roles() + " roles, " + s.tokens()
                + " join tokens, " + s.nodes() + " nodes");
        System.out.println("CA pin:   " + client.hostCaPin() + "  (agents: ca_pin; gate login --ca-pin)");
        System.out.println();
        Table t = new Table("CA", "SSH fingerprint", "TLS fingerprint", "Expires");
        s.certificateAuthorities().forEach(ca -> t.row(ca.type(), ca.sshFingerprint(), ca.tlsFingerprint(),
                ca.tlsNotAfter()));
        System.out.print(t.render());
        return 0;
    }
}
