package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in resource files: each refused with a message naming the problem; stored state unchanged. */
@SharedCluster
class BadInputIsRefusedAndNothingChanges {
    private static Cluster cluster;
    private static String rolesBefore;
    @TempDir
    static Path dir;

    private static final String GOOD = """
            kind: role
            version: v1
            metadata:
              name: %s
            spec:
              allow:
                logins: [ubuntu]
                node_labels: {env: staging}
              options:
                max_session_ttl: 8h
            """;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        Files.writeString(dir.resolve("good.yaml"), GOOD.formatted("existing"));
        assertEquals(0, cluster.gatectl("create", "-f", dir.resolve("good.yaml").toString()).exit());
        rolesBefore = cluster.gatectl("get", "roles", "-o", "yaml").out();
    }

    @AfterAll
    static void stop() {
        String after = cluster.gatectl("get", "roles", "-o", "yaml").out();
        // Line by line, so a failure points at the line that changed.
        org.junit.jupiter.api.Assertions.assertLinesMatch(rolesBefore.lines().toList(), after.lines().toList(),
                "no refused file changed anything stored");
    }

    private static io.gatehouse.e2e.support.Proc.Result create(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return cluster.gatectl("create", "-f", f.toString());
    }

    @Test
    void malformedYamlNamesItsLine() throws Exception {
        var r = create("broken.yaml", "kind: role\nversion: v1\nmetadata:\n  name: x\nspec: {allow: [\n");
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.err().contains("YAML syntax") && r.err().contains("line "), r.err());
    }

    @Test
    void aSchemaViolationNamesFieldAndLine() throws Exception {
        var r = create("schema.yaml", GOOD.formatted("schema").replace("logins: [ubuntu]", "logins: {a: b}"));
        assertEquals(7, r.exit(), r.toString());
        assertTrue(r.err().contains("line 7: spec.allow.logins: expected a list of strings"), r.err());
    }

    @Test
    void anUnknownKindIsNamed() throws Exception {
        var r = create("kind.yaml", GOOD.formatted("k").replace("kind: role", "kind: rol"));
        assertEquals(7, r.exit());
        assertTrue(r.err().contains("unknown kind 'rol'"), r.err());
    }

    @Test
    void anInvalidLabelRegexIsNamed() throws Exception {
        var r = create("regex.yaml", GOOD.formatted("re").replace("{env: staging}", "{env: '^(stag$'}"));
        assertEquals(7, r.exit());
        assertTrue(r.err().contains("line 8: spec.allow.node_labels.env: invalid regex"), r.err());
    }

    @Test
    void anOverLongSessionTtlIsNamed() throws Exception {
        var r = create("ttl.yaml", GOOD.formatted("ttl").replace("8h", "9000h"));
        assertEquals(7, r.exit());
        assertTrue(r.err().contains("max_session_ttl 9000h is over-long"), r.err());
    }

    @Test
    void theServerValidatesToo() throws Exception {
        // Skip gatectl's local check: the auth service must refuse the same file on its own.
        var admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        var r = admin.postYaml("/v1/resources", GOOD.formatted("srv").replace("8h", "9000h"));
        assertEquals(400, r.status());
        assertEquals(10, r.body().path("error").path("problems").get(0).path("line").asInt(), r.body().toString());
    }

    @Test
    void aFileWhoseSecondDocumentConflictsStoresNothing() throws Exception {
        var r = create("two.yaml", GOOD.formatted("brand-new") + "---\n" + GOOD.formatted("existing"));
        assertEquals(4, r.exit(), r.toString());
        assertEquals(3, cluster.gatectl("get", "role/brand-new").exit(), "the first document was rolled back");
    }
}
