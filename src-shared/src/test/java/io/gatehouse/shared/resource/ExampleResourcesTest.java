package io.gatehouse.shared.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The resource examples operators copy must be valid as shipped. */
class ExampleResourcesTest {
    @Test
    void theSsoExampleParses() throws Exception {
        Path file = Path.of("..", "deploy", "examples", "oidc-connector.yaml");
        var all = Resources.parseYaml(Files.readString(file), file.toString());
        assertEquals(4, all.size());
        var connector = all.get(0).as(OidcConnectorSpec.class);
        assertEquals(2, connector.spec().claimsToRoles().size());
        assertEquals("preferred_username", connector.spec().usernameClaim());
    }
}
