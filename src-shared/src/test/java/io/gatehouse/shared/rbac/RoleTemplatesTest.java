package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleTemplatesTest {
    private final Traits traits = new Traits(Map.of("logins", List.of("alice", "ubuntu")),
            Map.of("groups", List.of("devs"), "email", List.of("alice.smith@example.com")));

    @Test
    void internalAndExternalTraitsExpand() {
        assertEquals(List.of("root", "alice", "ubuntu", "devs"), RoleTemplates.expand(List.of("root",
                "{{internal.logins}}", "{{external.groups}}"), traits));
    }

    /** What a node sees of an SSO user: the certificate's one traits map, read under both names. */
    @Test
    void aCertificatesTraitsReadAsInternalAndExternal() {
        Traits fromCertificate = Traits.of(Map.of("preferred_username", List.of("dev"), "logins", List.of("ops")));
        assertEquals(List.of("dev", "ops"), RoleTemplates.expand(List.of("{{external.preferred_username}}",
                "{{internal.logins}}"), fromCertificate));
    }

    @Test
    void textAroundATemplateIsKept() {
        assertEquals(List.of("alice-admin", "ubuntu-admin"), RoleTemplates.expand(List.of("{{internal.logins}}-admin"),
                traits));
    }

    @Test
    void aMissingTraitExpandsToNothingNotToItsLiteralText() {
        assertEquals(List.of(), RoleTemplates.expand(List.of("{{internal.db_users}}"), traits));
    }

    @Test
    void emailLocalTakesThePartBeforeTheAt() {
        assertEquals(List.of("alice.smith"), RoleTemplates.expand(List.of("{{email.local(external.email)}}"), traits));
    }
}
