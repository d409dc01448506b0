package io.gatehouse.shared.resource;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resource YAML and JSON come from admins' files and from the API: whatever the text, parsing ends
 * in a resource list or a ResourceException naming the problems.
 */
class ResourceYamlFuzzTest {
    private static final String NODE = """
            kind: node
            version: v1
            metadata: {name: web-1, labels: {env: dev}, expires: "2026-12-07T00:00:00Z", revision: 3}
            spec: {hostname: web-1, addr: "10.0.0.5:3022", cmd_labels: {up: {command: [uptime], period: 1m}}}
            """;
    private static final String TOKEN = """
            {"kind": "token", "version": "v1", "metadata": {"name": "abc"},
             "spec": {"roles": ["node", "desktop"], "expires": "2026-12-07T00:00:00Z"}}
            """;

    private static List<String> seeds() throws Exception {
        return List.of(ResourcesTest.ROLE, NODE, TOKEN, Files.readString(Path.of("../deploy/examples/oidc-connector.yaml")),
                "a: &a [*a]\n", "kind: user\nversion: v1\nmetadata: {name: alice}\nspec: {roles: [dev]}\n");
    }

    @Test
    void resourceDocumentsThatAreCorruptedEndInResourceException() throws Exception {
        Fuzz.run(Target.text("resource YAML", text -> Resources.parseYaml(text, "fuzz.yaml"), seeds(),
                ResourceException.class), 20261207, 300, 400, Duration.ofSeconds(30));
    }

    @Test
    void deeplyNestedDocumentsEndInResourceException() {
        for (String open : List.of("[", "{a: ", "- ")) {
            String deep = "kind: role\nversion: v1\nmetadata: {name: x}\nspec: " + open.repeat(20_000);
            Fuzz.check(Target.text("nested resource YAML", text -> Resources.parseYaml(text, "fuzz.yaml"), List.of(),
                    ResourceException.class), 0, 0, deep.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
