package io.gatehouse.e2e.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user of the database scenarios: logged in with gate (password + TOTP), running `gate db ...`
 * and the real clients (psql, pg_dump, mariadb) through `gate proxy db --tunnel` listeners, which
 * it stops when closed.
 */
public final class DbClients implements AutoCloseable {
    private final Cluster cluster;
    private final Path gateHome;
    private final List<Process> listeners = new ArrayList<>();

    private DbClients(Cluster cluster, Path gateHome) {
        this.cluster = cluster;
        this.gateHome = gateHome;
    }

    /** Adds {@code user} with {@code roles}, completes the invite and logs in with gate. */
    public static DbClients loggedIn(Cluster cluster, Path dir, String user, String roles) throws Exception {
        var add = cluster.gatectl("users", "add", user, "--roles=" + roles);
        if (add.exit() != 0) {
            throw new AssertionError("gatectl users add " + user + ": " + add);
        }
        String secret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), user,
                Cluster.inviteToken(add.out())).totpSecret();
        String pin = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("CA pin:")).findFirst()
                .orElseThrow().split("\\s+")[2];
        Path home = dir.resolve("gate-" + user);
        String code = TotpCodes.code(secret, TotpCodes.step(Instant.now()));
        var login = cluster.gate(home, Users.PASSWORD + "\n" + code + "\n", "login",
                "--proxy=127.0.0.1:" + cluster.webPort(), "--user=" + user, "--ca-pin=" + pin);
        if (login.exit() != 0) {
            throw new AssertionError("gate login " + user + ": " + login);
        }
        return new DbClients(cluster, home);
    }

    public Proc.Result gate(String... args) {
        return cluster.gate(gateHome, null, args);
    }

    /** Waits until `gate db ls` shows each database online (the agent's first heartbeat). */
    public void waitOnline(String... names) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String out = "";
        while (Instant.now().isBefore(deadline)) {
            out = gate("db", "ls").out();
            String seen = out;
            if (java.util.Arrays.stream(names).allMatch(n -> seen.lines().anyMatch(l -> l.startsWith(n + " ")
                    && l.contains("online")))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("databases " + String.join(", ", names) + " not online in gate db ls:\n" + out);
    }

    /**
     * `gate db login NAME --db-user U [--db-name D]` then `gate proxy db NAME --tunnel` on a free
     * port, left running until close(); returns the port plain clients connect to.
     */
    public int proxyDb(String db, String dbUser, String dbName) throws Exception {
        List<String> login = new ArrayList<>(List.of("db", "login", db, "--db-user=" + dbUser));
        if (dbName != null) {
            login.add("--db-name=" + dbName);
        }
        var l = gate(login.toArray(String[]::new));
        if (l.exit() != 0) {
            throw new AssertionError("gate db login: " + l);
        }
        return listen("db", db, "--tunnel");
    }

    /** `gate proxy app NAME` on a free port, left running until close(); returns the port clients connect to. */
    public int proxyApp(String app) throws Exception {
        return listen("app", app);
    }

    private int listen(String kind, String name, String... more) throws Exception {
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(List.of(Cluster.REPO.resolve("bin/gate").toString(), "proxy", kind, name,
                "--port=" + port));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .appendTo(log(kind, name).toFile()));
        pb.environment().put("GATE_HOME", gateHome.toString());
        Process p = pb.start();
        listeners.add(p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new AssertionError("gate proxy " + kind + " " + name + " exited with " + p.exitValue()
                            + ":\n" + java.nio.file.Files.readString(log(kind, name)));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("gate proxy " + kind + " " + name + " did not listen on " + port + " within 20 s");
    }

    /** What a `gate proxy KIND NAME` listener of this user wrote (connection-level news, refusals). */
    public Path log(String kind, String name) {
        return gateHome.resolveSibling("proxy-" + kind + "-" + name + ".log");
    }

    /** psql through a `gate proxy db --tunnel` listener: one command, unaligned output. */
    public static Proc.Result psql(int port, String db, String sql) {
        return Proc.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql, "host=127.0.0.1 port="
                + port + " user=app sslmode=disable dbname=" + db), Map.of(), Duration.ofMinutes(3));
    }

    /** The mariadb client through a `gate proxy db --tunnel` listener: {@code sql}, or the statements in {@code file}. */
    public static Proc.Result mariadb(int port, String db, List<String> extra, Path file, String sql) {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "-h", "127.0.0.1", "-P", String.valueOf(port), "-u",
                "app", "--skip-ssl", "-N", "--batch"));
        cmd.addAll(extra);
        cmd.add(db);
        if (sql != null) {
            cmd.addAll(List.of("-e", sql));
        }
        if (file == null) {
            return Proc.run(cmd, Map.of(), Duration.ofMinutes(3));
        }
        List<String> fromFile = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" < \"$0\"", file.toString()));
        fromFile.addAll(cmd);
        return Proc.run(fromFile, Map.of(), Duration.ofMinutes(3));
    }

    /** Waits until the demo PostgreSQL runs a statement containing {@code text}. */
    public static void waitForQuery(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var r = DemoDatabases.postgresAdmin("postgres", "select count(*) from pg_stat_activity where query like "
                    + "'%" + text.replace("'", "''") + "%' and pid <> pg_backend_pid()");
            if (r.out().strip().matches("[1-9][0-9]*")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the database never ran " + text);
    }

    @Override
    public void close() {
        listeners.forEach(Process::destroy);
    }
}
