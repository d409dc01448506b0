package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resource read from a JSON tree (what API clients get) is the resource the YAML text of the same
 * document gives, and is refused for the same mistakes.
 */
class ParseTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String MORE = """
            kind: user
            version: v1
            metadata: {name: al, labels: {team: a}, description: "Al's", revision: 4}
            spec: {roles: [access, editor], traits: {logins: [al, root]}, connector: local}
            ---
            kind: token
            version: v1
            metadata: {name: 0123abcd, expires: "2030-01-01T00:00:00Z"}
            spec: {roles: [node], max_uses: 3, uses: 1, names: [web-*], addr: "10.0.0.1:3022"}
            ---
            kind: node
            version: v1
            metadata: {name: web-1, labels: {env: dev}, expires: "2030-01-01T00:00:00Z"}
            spec:
              hostname: web-1
              addr: ""
              host_id: h-1
              cmd_labels: {kernel: {command: [uname], period: 1m, result: Linux}}
            ---
            kind: desktop
            version: v1
            metadata: {name: win-1}
            spec: {addr: "10.0.0.9:3389", host_id: h-2}
            """;

    @Test
    void everyKindReadsTheSameFromATreeAsFromItsText() throws Exception {
        List<Resource<?>> fromText = new ArrayList<>();
        for (Path file : List.of(Path.of("..", "deploy", "examples", "role.yaml"), Path.of("..", "deploy", "examples",
                "oidc-connector.yaml"))) {
            fromText.addAll(Resources.parseYaml(Files.readString(file), file.toString()));
        }
        fromText.addAll(Resources.parseYaml(MORE, "more"));
        assertTrue(fromText.size() >= 8, "examples: " + fromText.size());
        for (Resource<?> r : fromText) {
            JsonNode tree = JSON.readTree(Resources.toJson(r));
            assertEquals(r, Resources.parseTree(tree, r.name()), r.kind().id() + " '" + r.name() + "'");
            assertEquals(Resources.parseJson(tree.toString(), r.name()), Resources.parseTree(tree, r.name()));
        }
    }

    @Test
    void aTreeIsRefusedForWhatItsTextWouldBe() throws Exception {
        JsonNode bad = JSON.readTree("""
                {"kind":"role","version":"v2","metadata":{"name":"x","labels":{"bad key":"v"}},
                 "spec":{"allow":{"logins":{"a":"b"},"node_labels":{"env":"^(stag$"}},"extra":null}}""");
        ResourceException fromTree = assertThrows(ResourceException.class, () -> Resources.parseTree(bad, "x"));
        ResourceException fromText = assertThrows(ResourceException.class, () -> Resources.parseJson(bad.toString(),
                "x"));
        assertEquals(fromText.problems().stream().map(Problem::field).toList(), fromTree.problems().stream()
                .map(Problem::field).toList());
        assertEquals(fromText.problems().stream().map(Problem::message).toList(), fromTree.problems().stream()
                .map(Problem::message).toList());
    }
}
