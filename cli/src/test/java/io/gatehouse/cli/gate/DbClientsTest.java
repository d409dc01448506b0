package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.shared.db.DbRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client command lines and connection settings gate prints or runs, and how its db commands parse. */
class DbClientsTest {
    private static final DbCertFiles FILES = new DbCertFiles(Path.of("/home/al ice/.gate/keys/p/alice-db"),
            "orders-db");
    private static final DbRoute PG = new DbRoute("orders-db", "postgres", "app", "orders");
    private static final DbRoute MY = new DbRoute("shop", "mysql", "app", "");

    @Test
    void psqlThroughATunnelGetsPlainTextToTheLocalListener() {
        assertEquals(List.of("psql", "host=127.0.0.1 port=5999 sslmode=disable user=app dbname=orders", "-c",
                "select 1"), DbClients.tunnelCommand("postgres", "psql", 5999, "app", "orders", List.of("-c",
                "select 1")));
        assertEquals(List.of("psql", "host=127.0.0.1 port=5999 sslmode=disable user='my user'"),
                DbClients.tunnelCommand("postgres", "psql", 5999, "my user", "", List.of()));
    }

    @Test
    void mariadbThroughATunnelSkipsSslAndNamesTheDatabaseAsAnOption() {
        assertEquals(List.of("mariadb", "-h", "127.0.0.1", "-P", "4000", "-u", "app", "--skip-ssl",
                "--database=shop", "-e", "SELECT 1"), DbClients.tunnelCommand("mysql", "mariadb", 4000, "app", "shop",
                List.of("-e", "SELECT 1")));
        assertEquals(List.of("mysql", "-h", "127.0.0.1", "-P", "4000", "-u", "app", "--skip-ssl"),
                DbClients.tunnelCommand("mysql", "mysql", 4000, "app", "", List.of()));
    }

    @Test
    void postgresConfigGoesStraightToTheWebPortWithFullVerification() {
        String cmd = DbClients.config("cmd", FILES, PG, "proxy.example.com", 3080, 3307);
        assertEquals("psql 'host=proxy.example.com port=3080 sslmode=verify-full"
                + " sslrootcert='\\''/home/al ice/.gate/keys/p/alice-db/orders-db.cas'\\''"
                + " sslcert='\\''/home/al ice/.gate/keys/p/alice-db/orders-db.crt'\\''"
                + " sslkey='\\''/home/al ice/.gate/keys/p/alice-db/orders-db.key'\\'' user=app dbname=orders'\n", cmd);
        assertEquals("postgres://app@proxy.example.com:3080/orders?sslmode=verify-full&sslrootcert=%2Fhome%2Fal%20ice"
                + "%2F.gate%2Fkeys%2Fp%2Falice-db%2Forders-db.cas&sslcert=%2Fhome%2Fal%20ice%2F.gate%2Fkeys%2Fp%2F"
                + "alice-db%2Forders-db.crt&sslkey=%2Fhome%2Fal%20ice%2F.gate%2Fkeys%2Fp%2Falice-db%2Forders-db.key\n",
                DbClients.config("uri", FILES, PG, "proxy.example.com", 3080, 3307));
        String text = DbClients.config("text", FILES, PG, "proxy.example.com", 3080, 3307);
        assertTrue(text.contains("Host:      proxy.example.com\n") && text.contains("Port:      3080\n")
                && text.contains("Key:       /home/al ice/.gate/keys/p/alice-db/orders-db.key\n"), text);
    }

    @Test
    void mysqlConfigNamesTheLocalListenerFirst() {
        DbCertFiles shop = new DbCertFiles(Path.of("/k"), "shop");
        assertEquals("# first, in another terminal: gate proxy db shop --port 3307\n"
                + "mariadb -h 127.0.0.1 -P 3307 --ssl-ca=/k/shop.cas --ssl-cert=/k/shop.crt --ssl-key=/k/shop.key"
                + " -u app\n", DbClients.config("cmd", shop, MY, "proxy.example.com", 3080, 3307));
        String text = DbClients.config("text", shop, MY, "proxy.example.com", 3080, 3307);
        assertTrue(text.contains("gate proxy db shop --port 3307") && text.contains("Host:      127.0.0.1\n")
                && text.contains("Database:  (any your roles allow)"), text);
    }

    @Test
    void aLocalListenerWithoutTunnelVerifiesTheCaOnly() {
        String cmd = DbClients.tlsCommand(new DbCertFiles(Path.of("/k"), "orders-db"), PG, "127.0.0.1", 5000, false);
        assertTrue(cmd.contains("sslmode=verify-ca") && cmd.contains("port=5000"), cmd);
    }

    @Test
    void anUnknownFormatOrProtocolIsAnErrorThatSaysWhatIsKnown() {
        CliException format = assertThrows(CliException.class, () -> DbClients.config("json", FILES, PG, "p", 1, 2));
        assertTrue(format.getMessage().contains("text, uri or cmd"), format.getMessage());
        CliException protocol = assertThrows(CliException.class, () -> DbClients.tunnelCommand("mongodb", "mongo",
                1, "u", "", List.of()));
        assertTrue(protocol.getMessage().contains("postgres or mysql"), protocol.getMessage());
    }

    @Test
    void quotingSurvivesTheShellAndLibpq() {
        assertEquals("plain", DbClients.shellQuote("plain"));
        assertEquals("'it'\\''s'", DbClients.shellQuote("it's"));
        assertEquals("'a b'", DbClients.conninfoValue("a b"));
        assertEquals("'it\\'s'", DbClients.conninfoValue("it's"));
        assertEquals("''", DbClients.conninfoValue(""));
    }

    @Test
    void aMissingClientNamesThePackage(@TempDir Path bin) throws Exception {
        CliException pg = assertThrows(CliException.class, () -> DbClients.findProgram("postgres", bin.toString()));
        assertTrue(pg.getMessage().contains("apt install postgresql-client"), pg.getMessage());
        CliException my = assertThrows(CliException.class, () -> DbClients.findProgram("mysql", bin.toString()));
        assertTrue(my.getMessage().contains("mariadb or mysql") && my.getMessage().contains("mariadb-client"),
                my.getMessage());
        Files.createFile(bin.resolve("mysql"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwxr-xr-x")));
        assertEquals("mysql", DbClients.findProgram("mysql", bin.toString()), "mysql when there is no mariadb");
    }

    @Test
    void databaseNamesAreSafeForFilesAndShells() {
        for (String bad : List.of("../x", "a b", "-rf", ".hidden", "", "a;b")) {
            assertThrows(CliException.class, () -> DbCertFiles.requireName(bad), bad);
        }
        assertEquals("orders-db.v2_1", DbCertFiles.requireName("orders-db.v2_1"));
    }

    @Test
    void clientArgumentsAfterTheDoubleDashGoToTheClient() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("db", "connect", "--db-user", "app", "orders-db", "--", "-c", "select 1", "--db-user", "x");
        DbConnectCommand connect = (DbConnectCommand) cli.getSubcommands().get("db").getSubcommands().get("connect")
                .getCommand();
        assertEquals("app", connect.dbUser);
        assertEquals("orders-db", connect.db);
        assertEquals(List.of("-c", "select 1", "--db-user", "x"), connect.extra);
    }

    @Test
    void proxyDbTakesPortAndTunnel() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("proxy", "db", "orders-db", "--port", "0", "--tunnel");
        ProxyDbCommand proxy = (ProxyDbCommand) cli.getSubcommands().get("proxy").getSubcommands().get("db")
                .getCommand();
        assertEquals(0, proxy.port);
        assertTrue(proxy.tunnel);
        assertEquals("orders-db", proxy.db);
    }
}
