package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.db.DbRoute;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command lines and connection settings of the database clients gate starts or describes
 * (psql, mariadb/mysql): pure text from a route and file names, so every form is tested as is.
 */
final class DbClients {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private DbClients() {
    }

    /**
     * The client command for a --tunnel listener on 127.0.0.1:{@code port}: plain text inside,
     * since gate's own TLS to the proxy carries the certificate. The database goes as an option so
     * the user's extra arguments may end in anything.
     */
    static List<String> tunnelCommand(String protocol, String program, int port, String dbUser, String dbName,
            List<String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program);
        switch (protocol) {
            case "postgres" -> {
                StringBuilder conn = new StringBuilder("host=127.0.0.1 port=" + port + " sslmode=disable");
                conn.append(" user=").append(conninfoValue(dbUser));
                if (!dbName.isEmpty()) {
                    conn.append(" dbname=").append(conninfoValue(dbName));
                }
                cmd.add(conn.toString());
            }
            case "mysql" -> {
                cmd.addAll(List.of("-h", "127.0.0.1", "-P", String.valueOf(port), "-u", dbUser, "--skip-ssl"));
                if (!dbName.isEmpty()) {
                    cmd.add("--database=" + dbName);
                }
            }
            default -> throw unknownProtocol(protocol);
        }
        cmd.addAll(extra);
        return cmd;
    }

    /** The programs that speak a protocol, in the order gate tries them. */
    static List<String> programs(String protocol) {
        return switch (protocol) {
            case "postgres" -> List.of("psql");
            case "mysql" -> List.of("mariadb", "mysql");
            default -> throw unknownProtocol(protocol);
        };
    }

    /** The first of {@code programs} on PATH, or an error that says which Debian package brings one. */
    static String findProgram(String protocol, String path) {
        for (String program : programs(protocol)) {
            Optional<Path> found = onPath(program, path);
            if (found.isPresent()) {
                return program;
            }
        }
        String pkg = protocol.equals("postgres") ? "postgresql-client" : "mariadb-client";
        throw new CliException(ExitCodes.ERROR, "no " + String.join(" or ", programs(protocol)) + " on your PATH: "
                + "gate db connect runs the database's own client; install it (Debian/Ubuntu: sudo apt install "
                + pkg + ")");
    }

    private static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * gate db config: how another client connects. PostgreSQL goes straight to the web port (the
     * proxy answers psql's SSLRequest there); MySQL's server speaks first, so a MySQL client needs
     * gate proxy db's listener at {@code localPort}.
     */
    static String config(String format, DbCertFiles files, DbRoute route, String proxyHost, int webPort,
            int localPort) {
        boolean pg = switch (route.protocol()) {
            case "postgres" -> true;
            case "mysql" -> false;
            default -> throw unknownProtocol(route.protocol());
        };
        String host = pg ? proxyHost : "127.0.0.1";
        int port = pg ? webPort : localPort;
        return switch (format) {
            case "uri" -> uri(pg, files, route, host, port) + "\n";
            case "cmd" -> (pg ? "" : "# first, in another terminal: gate proxy db " + files.db() + " --port "
                    + localPort + "\n") + tlsCommand(files, route, host, port, pg) + "\n";
            case "text" -> text(pg, files, route, host, port, localPort);
            default -> throw new CliException(ExitCodes.USAGE, "unknown format '" + format + "': text, uri or cmd");
        };
    }

    private static String text(boolean pg, DbCertFiles files, DbRoute route, String host, int port, int localPort) {
        StringBuilder out = new StringBuilder();
        out.append("Name:      ").append(files.db()).append('\n');
        out.append("Protocol:  ").append(route.protocol()).append('\n');
        out.append("Host:      ").append(host).append('\n');
        out.append("Port:      ").append(port).append('\n');
        out.append("User:      ").append(route.user()).append('\n');
        out.append("Database:  ").append(route.database().isEmpty() ? "(any your roles allow)" : route.database())
                .append('\n');
        out.append("CA:        ").append(files.ca()).append('\n');
        out.append("Cert:      ").append(files.certificate()).append('\n');
        out.append("Key:       ").append(files.key()).append('\n');
        out.append('\n');
        if (!pg) {
            out.append("A MySQL client needs gate's local listener; first run:\n  gate proxy db ").append(files.db())
                    .append(" --port ").append(localPort).append("\nthen connect with:\n  ");
        } else {
            out.append("Connect with:\n  ");
        }
        out.append(tlsCommand(files, route, host, port, pg)).append('\n');
        return out.toString();
    }

    /**
     * A client that does its own TLS with the database certificate, as a shell command line. psql
     * checks the proxy's name too ({@code verifyHost}: the proxy's own address) or only its CA (a
     * local listener at 127.0.0.1, a name the proxy's certificate need not carry).
     */
    static String tlsCommand(DbCertFiles files, DbRoute route, String host, int port, boolean verifyHost) {
        if (route.protocol().equals("postgres")) {
            StringBuilder conn = new StringBuilder("host=" + conninfoValue(host) + " port=" + port
                    + " sslmode=" + (verifyHost ? "verify-full" : "verify-ca") + " sslrootcert=" + conninfoValue(files.ca().toString())
                    + " sslcert=" + conninfoValue(files.certificate().toString())
                    + " sslkey=" + conninfoValue(files.key().toString())
                    + " user=" + conninfoValue(route.user()));
            if (!route.database().isEmpty()) {
                conn.append(" dbname=").append(conninfoValue(route.database()));
            }
            return "psql " + shellQuote(conn.toString());
        }
        if (!route.protocol().equals("mysql")) {
            throw unknownProtocol(route.protocol());
        }
        List<String> cmd = new ArrayList<>(List.of("mariadb", "-h", host, "-P", String.valueOf(port),
                "--ssl-ca=" + files.ca(), "--ssl-cert=" + files.certificate(), "--ssl-key=" + files.key(),
                "-u", route.user()));
        if (!route.database().isEmpty()) {
            cmd.add(route.database());
        }
        return String.join(" ", cmd.stream().map(DbClients::shellQuote).toList());
    }

    private static String uri(boolean pg, DbCertFiles files, DbRoute route, String host, int port) {
        String scheme = pg ? "postgres" : "mysql";
        String authority = enc(route.user()) + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String path = route.database().isEmpty() ? "" : "/" + enc(route.database());
        String query = pg ? "?sslmode=verify-full&sslrootcert=" + enc(files.ca().toString()) + "&sslcert="
                + enc(files.certificate().toString()) + "&sslkey=" + enc(files.key().toString())
                : "?ssl-mode=VERIFY_CA&ssl-ca=" + enc(files.ca().toString()) + "&ssl-cert="
                + enc(files.certificate().toString()) + "&ssl-key=" + enc(files.key().toString());
        return scheme + "://" + authority + path + query;
    }

    /** A libpq connection-string value: quoted when it holds a space, quote or backslash (libpq's rules). */
    static String conninfoValue(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || c == '\t')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A word as POSIX shells read it back unchanged. */
    static String shellQuote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CliException unknownProtocol(String protocol) {
        return new CliException(ExitCodes.INVALID, "gate does not know the database protocol '" + protocol
                + "' (postgres or mysql); a newer gate may");
    }
}
