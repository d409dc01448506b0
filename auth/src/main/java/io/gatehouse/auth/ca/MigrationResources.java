package io.gatehouse.auth.ca;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;

/**
 * Lists the schema migrations explicitly: classpath scanning is unreliable under Quarkus' runner
 * class loader. Every file in src/main/resources/db/migration must be named here (a unit test
 * checks it).
 */
final class MigrationResources implements ResourceProvider {
    static final String LOCATION = "db/migration";
    static final List<String> MIGRATIONS = List.of("V1__foundation.sql", "V2__node_events.sql", "V3__recordings.sql",
            "V4__web_sessions.sql", "V5__access_requests.sql", "V6__host_identities.sql",
            "V7__recording_owner.sql");

    private final ClassLoader loader = MigrationResources.class.getClassLoader();

    @Override
    public LoadableResource getResource(String name) {
        return MIGRATIONS.contains(name) ? resource(name) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return MIGRATIONS.stream().filter(n -> n.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(n::endsWith))
                .map(this::resource).toList();
    }

    private LoadableResource resource(String name) {
        return new ClassPathResource(new Location("classpath:" + LOCATION), LOCATION + "/" + name, loader,
                StandardCharsets.UTF_8);
    }
}
