package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "auth", description = "Certificate authorities: export public keys, sign certificates for automation.",
        subcommands = {AuthCommand.Export.class, AuthCommand.Sign.class})
final class AuthCommand {

    @Command(name = "export", description = "Print a CA's public keys (OpenSSH known_hosts / TrustedUserCAKeys, or PEM).")
    static final class Export implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--type", required = true, description = "user, host, db or jwt")
        String type;
        @Option(names = "--format", defaultValue = "openssh", description = "openssh or tls (PEM)")
        String format;

        @Override
        public Integer call() {
            CaExport ca = connection.client().ca(type);
            switch (format) {
                case "tls" -> ca.tlsCertificates().forEach(System.out::print);
                case "openssh" -> {
                    if (type.equals("host")) {
                        // known_hosts: trust host certificates from this CA for every host name.
                        ca.sshPublicKeys().forEach(k -> System.out.println("@cert-authority * " + k + " "
                                + ca.clusterName()));
                    } else if (type.equals("user")) {
                        // sshd's TrustedUserCAKeys takes bare public key lines.
                        ca.sshPublicKeys().forEach(System.out::println);
                    } else {
                        throw new CliException(ExitCodes.USAGE, "the " + type + " CA is X.509 only: use --format=tls");
                    }
                }
                default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': openssh or tls");
            }
            return 0;
        }
    }

    @Command(name = "sign", description = "Sign certificates for automation (like tctl auth sign).")
    static final class Sign implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--user", description = "Sign a user certificate pair for this user")
        String user;
        @Option(names = "--host", description = "Sign a host identity for this host name")
        String host;
        @Option(names = "--host-id", description = "Host id (default: a new UUID)")
        String hostId;
        @Option(names = "--roles", split = ",", description = "System roles of a host identity, e.g. proxy")
        List<String> systemRoles = List.of();
        @Option(names = "--principals", split = ",", description = "Extra DNS names/IPs of a host identity")
        List<String> principals = List.of();
        @Option(names = "--ttl", description = "Certificate lifetime, e.g. 1h (user default 12h, host 720h)")
        String ttl;
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PREFIX")
        Path out;
        @Option(names = "--format", defaultValue = "openssh",
                description = "openssh (PREFIX, -cert.pub, .crt, .cas) or identity (one file)")
        String format;
        @Option(names = "--overwrite", description = "Replace existing files")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            if ((user == null) == (host == null)) {
                throw new CliException(ExitCodes.USAGE, "pass exactly one of --user=NAME or --host=NAME");
            }
            KeyPair key = Keys.generateEcdsaP256();
            String publicKey = Keys.toOpenSshPublicKey(key.getPublic());
            var c = connection.client();
            SignedFiles files = new SignedFiles(out, overwrite);
            files.checkFree(format);
            if (user != null) {
                CertsResponse certs = c.signUser(new SignUserRequest(user, publicKey, ttl));
                IdentityFile id = new IdentityFile(Keys.sshPrivateKeyPem(key), certs.sshCertificate(),
                        certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshHostCaKeys());
                files.write(format, id, publicKey);
                System.out.println("Certificates for user '" + user + "' valid until " + certs.expires() + ":");
            } else {
                HostCertsResponse certs = c.signHost(new SignHostRequest(hostId, host, systemRoles,
                        principals, publicKey, ttl));
                IdentityFile id = new IdentityFile(Keys.sshPrivateKeyPem(key), certs.sshCertificate(),
                        certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshHostCaKeys());
                files.write(format, id, publicKey);
                System.out.println("Host identity '" + host + "' (" + certs.hostId() + ") valid until "
                        + certs.expires() + ":");
            }
            files.written().forEach(f -> System.out.println("  " + f));
            return 0;
        }
    }
}
