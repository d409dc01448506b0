package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourcesTest {
    static final String ROLE = """
            kind: role
            version: v1
            metadata:
              name: dev
              labels: {team: payments}
            spec:
              allow:
                logins: [ubuntu, "{{internal.logins}}"]
                node_labels: {env: [staging, dev]}
                desktop_labels: {"*": "*"}
                desktop_logins: [developer]
                db_labels: {env: staging}
                db_users: [reader]
                db_names: ["*"]
                request: {roles: [prod-access], thresholds: [{approve: 1, deny: 1}]}
                rules: [{resources: [role], verbs: [list, read]}]
              deny:
                node_labels: {env: prod}
              options:
                max_session_ttl: 8h
                record_session: true
            """;

    private static Problem onlyProblem(String yaml) {
        ResourceException e = assertThrows(ResourceException.class, () -> Resources.parseYaml(yaml, "test.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void theDesignDocumentsRoleExampleParses() {
        Resource<RoleSpec> role = Resources.parseYaml(ROLE, "role.yaml").get(0).as(RoleSpec.class);
        assertEquals("dev", role.name());
        assertEquals(Map.of("team", "payments"), role.metadata().labels());
        assertEquals(List.of("staging", "dev"), role.spec().allow().nodeLabels().get("env"));
        assertEquals(List.of("*"), role.spec().allow().desktopLabels().get("*"), "a scalar becomes a one-item list");
        assertEquals(List.of("prod-access"), role.spec().allow().request().roles());
        assertEquals(Duration.ofHours(8), role.spec().options().maxSessionTtl());
        assertEquals(List.of("prod"), role.spec().deny().nodeLabels().get("env"));
    }

    @Test
    void everyKindSurvivesARoundTripThroughYamlAndJson() {
        List<Resource<?>> all = List.of(
                Resources.parseYaml(ROLE, "r").get(0),
                new Resource<>(Kind.USER, "v1", new Metadata("alice", Map.of("a", "b"), "d", Optional.empty(), 3),
                        new UserSpec(List.of("access"), Map.of("logins", List.of("alice")), "local")),
                new Resource<>(Kind.TOKEN, "v1", new Metadata("abc", Map.of(), "", Optional.of(Instant.parse(
                        "2030-01-01T00:00:00Z")), 1), new TokenSpec(List.of("node"), Optional.of(1), 0)),
                new Resource<>(Kind.NODE, "v1", new Metadata("web-1", Map.of("env", "dev"), "", Optional.empty(), 0),
                        new NodeSpec("web-1", "10.0.0.1:3022", "uuid-1", Map.of("kernel", new CommandLabel(List.of(
                                "uname", "-r"), Duration.ofMinutes(5), "6.1")))),
                new Resource<>(Kind.CERT_AUTHORITY, "v1", new Metadata("user", Map.of(), "", Optional.empty(), 0),
                        new CertAuthoritySpec("user", "c", List.of("ecdsa-sha2-nistp256 AAAA"), List.of("pem"),
                                Optional.empty())));
        for (Resource<?> r : all) {
            assertEquals(r, Resources.parseYaml(Resources.toYaml(r), "yaml").get(0), r.kind().id());
            assertEquals(r, Resources.parseJson(Resources.toJson(r), "json"), r.kind().id());
        }
        assertEquals(all, Resources.parseYaml(Resources.toYaml(all), "multi"));
    }

    @Test
    void outputIsDeterministic() {
        Resource<?> role = Resources.parseYaml(ROLE, "r").get(0);
        assertEquals(Resources.toYaml(role), Resources.toYaml(Resources.parseYaml(Resources.toYaml(role), "x").get(0)));
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        Problem p = onlyProblem("kind: role\nversion: v1\nmetadata:\n  name: x\nspec: {allow: [\n");
        assertTrue(p.message().startsWith("YAML syntax"), p.message());
        assertTrue(p.line() >= 5, p.toString());
    }

    @Test
    void anUnknownKindListsTheKnownOnes() {
        Problem p = onlyProblem("kind: spaceship\nversion: v1\nmetadata: {name: x}\n");
        assertEquals("kind", p.field());
        assertEquals(1, p.line());
        assertTrue(p.message().contains("known kinds: [user, role"), p.message());
    }

    @Test
    void aMisspelledFieldSuggestsTheRightOne() {
        Problem p = onlyProblem(ROLE.replace("node_labels: {env: [staging", "nodelabels: {env: [staging"));
        assertEquals("spec.allow.nodelabels", p.field());
        assertEquals(9, p.line());
        assertTrue(p.message().contains("did you mean 'node_labels'"), p.message());
    }

    @Test
    void aTypoInAFieldNameSuggestsTheClosestField() {
        Problem p = onlyProblem(ROLE.replace("record_session: true", "record_sesion: true"));
        assertTrue(p.message().contains("did you mean 'record_session'"), p.message());
    }

    @Test
    void aWrongTypeNamesWhatWasExpected() {
        Problem p = onlyProblem(ROLE.replace("logins: [ubuntu, \"{{internal.logins}}\"]", "logins: {a: b}"));
        assertEquals("spec.allow.logins", p.field());
        assertEquals(8, p.line());
        assertTrue(p.message().contains("expected a list of strings"), p.message());
    }

    @Test
    void invalidRegexIsReportedWithFieldAndLine() {
        Problem p = onlyProblem(ROLE.replace("node_labels: {env: prod}", "node_labels: {env: '^(prod$'}"));
        assertEquals("spec.deny.node_labels.env", p.field());
        assertEquals(18, p.line());
        assertTrue(p.message().contains("invalid regex"), p.message());
    }

    @Test
    void anOverLongSessionTtlIsRefused() {
        Problem p = onlyProblem(ROLE.replace("8h", "721h"));
        assertEquals("spec.options.max_session_ttl", p.field());
        assertTrue(p.message().contains("over-long"), p.message());
    }

    @Test
    void aMissingNameIsRequired() {
        Problem p = onlyProblem("kind: role\nversion: v1\nmetadata: {labels: {a: b}}\n");
        assertEquals("metadata.name", p.field());
    }

    @Test
    void everyProblemOfADocumentIsReportedAtOnce() {
        ResourceException e = assertThrows(ResourceException.class, () -> Resources.parseYaml(ROLE.replace("v1", "v9")
                .replace("8h", "0s").replace("record_session: true", "record_session: maybe"), "x"));
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void anInvalidTemplateIsRefused() {
        Problem p = onlyProblem(ROLE.replace("{{internal.logins}}", "{{internal.logins"));
        assertTrue(p.message().contains("template"), p.message());
    }

    @Test
    void multipleDocumentsParseInOrder() {
        var docs = Resources.parseYaml(ROLE + "---\n" + ROLE.replace("name: dev", "name: ops"), "two");
        assertEquals(List.of("dev", "ops"), docs.stream().map(Resource::name).toList());
    }

    @Test
    void anAliasBombIsRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 0; i < 12; i++) {
            bomb.append((char) ('b' + i)).append(": &").append((char) ('b' + i)).append(" [");
            String prev = String.valueOf((char) ('a' + i));
            bomb.append(String.join(",", java.util.Collections.nCopies(10, "*" + prev))).append("]\n");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThrows(ResourceException.class,
                () -> Resources.parseYaml(bomb.toString(), "bomb")));
    }

    @Test
    void typeTagsCannotConstructJavaObjects() {
        assertThrows(ResourceException.class, () -> Resources.parseYaml(
                "kind: !!java.net.URL [\"http://x\"]\nversion: v1\nmetadata: {name: x}\n", "tag"));
    }

    @Test
    void durationsReadAndWriteGoStyle() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("2d"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("h"));
    }
}
