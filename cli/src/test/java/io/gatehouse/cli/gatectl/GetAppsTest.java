package io.gatehouse.cli.gatectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** gatectl get apps: the admin's view, with where the agent reaches each app. */
class GetAppsTest {
    @Test
    void getAppsShowsUriAndPublicAddress() {
        var app = new Resource<>(Kind.APP, "v1", new Metadata("grafana", Map.of("env", "dev"), "", Optional.empty(), 0),
                new AppSpec("http://127.0.0.1:3000", "grafana.example.com", "host-1"));
        String table = GetCommand.appTable(List.of(app)).render();
        assertTrue(table.contains("URI") && table.contains("http://127.0.0.1:3000")
                && table.contains("grafana.example.com") && table.contains("env=dev"), table);
        assertEquals(Kind.APP, KindNames.resolve("apps"));
    }
}
