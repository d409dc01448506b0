package io.gatehouse.auth.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationResourcesTest {
    @Test
    void everyMigrationFileIsListed() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", MigrationResources.LOCATION))) {
            assertEquals(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList(),
                    MigrationResources.MIGRATIONS.stream().sorted().toList(),
                    "add new migrations to MigrationResources.MIGRATIONS");
        }
    }

    @Test
    void migrationsAreReadableFromTheClasspath() {
        var resources = new MigrationResources().getResources("V", new String[] {".sql"});
        assertEquals(MigrationResources.MIGRATIONS.size(), resources.size());
        resources.forEach(r -> {
            try (var reader = r.read()) {
                assertEquals(true, reader.read() > 0);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}
