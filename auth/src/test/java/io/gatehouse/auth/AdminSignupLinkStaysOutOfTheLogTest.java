package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The first admin's signup link makes whoever opens it admin: it is handed over privately. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AdminSignupLinkStaysOutOfTheLogTest {

    @Test
    void theLinkIsInAFileOnlyTheServiceUserCanRead() throws Exception {
        Path file = TestCluster.dataDir().resolve("admin-signup-link");
        assertTrue(Files.exists(file), "no admin has signed up in this test cluster, so the link waits in " + file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String link = Files.readString(file).strip();
        assertTrue(link.startsWith("https://") && link.contains("/web/invite/"), link);
        // It works: the proxy can open the invite it names.
        String token = link.substring(link.lastIndexOf('/') + 1);
        var opened = TestCluster.proxy().get("/v1/invites/" + token);
        assertEquals(200, opened.status(), opened.body().toString());
        assertEquals("admin", opened.body().path("username").asText());
    }
}
