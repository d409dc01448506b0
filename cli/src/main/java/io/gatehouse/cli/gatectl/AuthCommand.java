package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.SignDbServerRequest;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
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
        @Option(names = "--type", required = true, description = "user, host, db, db-client or jwt "
                + "(db-client: what a self-hosted database trusts for the agents' client certificates)")
        String type;
        @Option(names = "--format", description = "openssh or tls (PEM); default openssh for user and host, "
                + "tls for the X.509-only CAs")
        String format;

        @Override
        public Integer call() {
            CaExport ca = connection.client().ca(type);
            String chosen = format != null ? format : type.equals("user") || type.equals("host") ? "openssh" : "tls";
            switch (chosen) {
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
                default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + chosen + "': openssh or tls");
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
        @Option(names = "--host", description = "Sign a host identity for this host name; with --format=db, "
                + "the database's names (DNS names or IPs, comma-separated; the first is its common name)")
        String host;
        @Option(names = "--host-id", description = "Host id (default: a new UUID)")
        String hostId;
        @Option(names = "--roles", split = ",", description = "System roles of a host identity, e.g. proxy")
        List<String> systemRoles = List.of();
        @Option(names = "--principals", split = ",", description = "Extra DNS names/IPs of a host identity")
        List<String> principals = List.of();
        @Option(names = "--ttl", description = "Certificate lifetime, e.g. 1h (user default 12h, host 720h, "
                + "db 2160h)")
        String ttl;
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PREFIX")
        Path out;
        @Option(names = "--format", defaultValue = "openssh",
                description = "openssh (PREFIX, -cert.pub, .crt, .cas), identity (one file) or db (a self-hosted "
                        + "database's PREFIX.key, .crt and .cas)")
        String format;
        @Option(names = "--overwrite", description = "Replace existing files")
        boolean overwrite;

        @Override
        public Integer call() throws Exception {
            if (format.equals("db")) {
                return signDatabase();
            }
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

        /** A self-hosted database's server certificate, for a key made here that never leaves this host. */
        private Integer signDatabase() throws Exception {
            if (host == null || host.isBlank() || user != null || hostId != null || !systemRoles.isEmpty()
                    || !principals.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "--format=db takes --host=NAME[,NAME2] (the names clients "
                        + "and agents reach the database by), --out=PREFIX and optionally --ttl; not --user, "
                        + "--host-id, --roles or --principals");
            }
            DbServerFiles files = new DbServerFiles(out);
            files.checkFree(overwrite);
            KeyPair key = Keys.generateEcdsaP256();
            List<String> names = Arrays.stream(host.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
            DbServerCertsResponse certs = connection.client().transport().send("POST", ApiPaths.CERTS_DB_SERVER,
                    new SignDbServerRequest(names, Keys.toOpenSshPublicKey(key.getPublic()), ttl),
                    DbServerCertsResponse.class);
            files.write(Keys.sshPrivateKeyPem(key), certs);
            System.out.println("Database certificate for " + String.join(", ", names) + " valid until "
                    + certs.expires() + ":");
            files.all().forEach(f -> System.out.println("  " + f));
            System.out.println();
            System.out.print(files.instructions());
            return 0;
        }
    }
}
