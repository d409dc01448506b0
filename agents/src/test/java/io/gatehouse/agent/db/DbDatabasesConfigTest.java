package io.gatehouse.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class DbDatabasesConfigTest {
    @TempDir
    Path dir;

    private List<DatabaseConfig> parse(String yaml) {
        return DatabasesConfig.parse(Path.of("agent.yaml"), new Yaml().load(yaml));
    }

    private String refusal(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsEntriesWithTheirDefaults() throws Exception {
        Path pw = Files.writeString(dir.resolve("pass"), "secret\n");
        List<DatabaseConfig> dbs = parse("""
                - {name: orders-db, protocol: postgres, uri: 127.0.0.1:5432, labels: {env: prod}}
                - name: shop
                  protocol: mysql
                  uri: db.internal:3306
                  tls: {mode: verify-ca}
                  auth: {user: app, password_file: %s}
                """.formatted(pw));
        DatabaseConfig orders = dbs.get(0);
        assertEquals(new DatabaseConfig("orders-db", "postgres", "127.0.0.1", 5432, Map.of("env", "prod"),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.empty()), orders);
        DatabaseConfig shop = dbs.get(1);
        assertEquals(DatabaseConfig.TlsMode.VERIFY_CA, shop.tlsMode());
        assertEquals(Optional.of(new DatabaseConfig.PasswordAuth("app", pw)), shop.password());
        assertEquals("db.internal:3306", shop.uri());
    }

    @Test
    void mistakesNameTheEntryAndTheField() {
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1, auth: {user: app, password: hunter2}}")
                .contains("database 'a': auth.password is not accepted"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1, auth: {user: app, password_file: /nope}}")
                .contains("database 'a': auth.password_file /nope does not exist"));
        assertTrue(refusal("- {name: a, protocol: oracle, uri: h:1}").contains("database 'a': protocol must be"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: nope}").contains("database 'a': uri 'nope'"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1, tls: {mode: disable}}")
                .contains("database 'a': tls.mode must be verify-full"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1, tls: {ca_file: /nope.pem}}")
                .contains("tls.ca_file /nope.pem"));
        assertTrue(refusal("- {name: Bad_Name, protocol: postgres, uri: h:1}").contains("database name 'Bad_Name'"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1, port: 3}").contains("unknown setting 'port'"));
        assertTrue(refusal("- {name: a, protocol: postgres, uri: h:1}\n- {name: a, protocol: mysql, uri: h:2}")
                .contains("database 'a' is listed twice"));
    }
}
