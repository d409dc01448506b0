package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** record_session (boolean or Teleport's modes) and permit_pty: how they read, write and combine. */
class RoleOptionsTest {
    private static Resource<RoleSpec> role(String name, String options) {
        return Resources.parseYaml("""
                kind: role
                version: v1
                metadata: {name: %s}
                spec:
                  allow: {logins: [ops]}
                  options:
                %s
                """.formatted(name, options.indent(4)), name + ".yaml").get(0).as(RoleSpec.class);
    }

    private static Problem onlyProblem(String options) {
        ResourceException e = assertThrows(ResourceException.class, () -> role("bad", options));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void theBooleanFormStillMeansRecordBestEffort() {
        RoleOptions on = role("on", "record_session: true").spec().options();
        assertTrue(on.recordSession());
        assertEquals(RecordingMode.BEST_EFFORT, on.recordingMode());
        assertFalse(role("off", "record_session: false").spec().options().recordSession());
    }

    @Test
    void teleportsModeMappingRecordsAndSshOverridesDefault() {
        RoleOptions strict = role("strict", "record_session: {default: strict}").spec().options();
        assertTrue(strict.recordSession());
        assertEquals(RecordingMode.STRICT, strict.recordingMode());
        assertEquals(RecordingMode.BEST_EFFORT, role("loose", "record_session: {default: strict, ssh: best_effort}")
                .spec().options().recordingMode());
        assertEquals(RecordingMode.STRICT, role("ssh", "record_session: {ssh: strict}").spec().options()
                .recordingMode());
    }

    @Test
    void aStrictRoleSurvivesARoundTripAndAnOldRoleIsWrittenAsBefore() {
        Resource<RoleSpec> strict = role("strict", "record_session: {default: strict}\npermit_pty: false");
        assertEquals(strict, Resources.parseYaml(Resources.toYaml(strict), "yaml").get(0));
        assertEquals(strict, Resources.parseJson(Resources.toJson(strict), "json"));
        assertFalse(strict.spec().options().permitPty());
        assertTrue(Resources.toYaml(role("old", "record_session: true")).contains("record_session: true"),
                "a role without a mode keeps the boolean spelling");
    }

    @Test
    void anUnknownModeIsRefusedWithFieldLineAndTheChoices() {
        Problem p = onlyProblem("max_session_ttl: 8h\nrecord_session: {default: strikt}");
        assertEquals("spec.options.record_session.default", p.field());
        assertEquals(8, p.line());
        assertTrue(p.message().contains("expected best_effort or strict, got 'strikt'"), p.message());
    }

    @Test
    void anUnknownKeyInTheModeMappingIsRefused() {
        Problem p = onlyProblem("record_session: {desktop: true}");
        assertEquals("spec.options.record_session.desktop", p.field());
        assertTrue(p.message().contains("unknown field 'desktop'"), p.message());
    }

    @Test
    void aStrictModeInAnyRoleWinsAndNamesThatRole() {
        AccessChecker checker = AccessChecker.of(List.of(role("plain", "record_session: true"),
                role("audited", "record_session: {ssh: strict}"), role("quiet", "record_session: false")),
                Traits.EMPTY);
        assertTrue(checker.recordSession());
        assertEquals(RecordingMode.STRICT, checker.recordingMode());
        assertEquals(List.of("audited"), checker.strictRecordingRoles());
        assertEquals(RecordingMode.BEST_EFFORT, AccessChecker.of(List.of(role("plain", "record_session: true")),
                Traits.EMPTY).recordingMode());
    }

    @Test
    void permitPtyFalseInAnyRoleDeniesPtys() {
        AccessChecker checker = AccessChecker.of(List.of(role("yes", "permit_pty: true"), role("no",
                "permit_pty: false")), Traits.EMPTY);
        assertFalse(checker.permitPty(), "Teleport: of conflicting options the least permissive wins");
        assertTrue(AccessChecker.of(List.of(role("yes", "permit_pty: true")), Traits.EMPTY).permitPty());
    }

    @Test
    void theRoleExampleParsesAsDocumented() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("..", "deploy", "examples", "role.yaml");
        RoleOptions o = Resources.parseYaml(java.nio.file.Files.readString(file), file.toString()).get(0)
                .as(RoleSpec.class).spec().options();
        assertEquals(RecordingMode.STRICT, o.recordingMode());
        assertTrue(o.permitPty());
        assertFalse(o.permitPortForwarding());
    }
}
