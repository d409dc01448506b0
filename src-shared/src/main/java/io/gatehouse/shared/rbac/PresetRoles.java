package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.AccessRequestConditions;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.ReviewConditions;
import io.gatehouse.shared.resource.RoleConditions;
import io.gatehouse.shared.resource.RoleOptions;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The roles every cluster starts with (Teleport's presets): access, editor, auditor. */
final class PresetRoles {
    private static final Map<String, List<String>> ALL = Map.of("*", List.of("*"));

    private PresetRoles() {
    }

    static List<Resource<RoleSpec>> all() {
        RoleConditions access = new RoleConditions(List.of("{{internal.logins}}"), ALL, ALL,
                List.of("{{internal.desktop_logins}}"), ALL, List.of("{{internal.db_users}}"),
                List.of("{{internal.db_names}}"), ALL, ALL, List.of("{{internal.kube_groups}}"),
                List.of("{{internal.kube_users}}"), AccessRequestConditions.NONE, new ReviewConditions(List.of()),
                List.of());
        RoleConditions editor = RoleConditions.empty().withRules(List.of(new Rule(List.of("*"), List.of("*"))));
        RoleConditions auditor = RoleConditions.empty().withRules(List.of(new Rule(List.of("event", "session"),
                List.of("list", "read"))));
        return List.of(role("access", "reach every resource with your own logins", access),
                role("editor", "manage every resource of the cluster", editor),
                role("auditor", "read the audit log and session recordings", auditor));
    }

    private static Resource<RoleSpec> role(String name, String description, RoleConditions allow) {
        return new Resource<>(Kind.ROLE, "v1", new Metadata(name, Map.of("gatehouse.io/preset", "true"), description,
                Optional.empty(), 0), new RoleSpec(allow, RoleConditions.empty(), RoleOptions.defaults()));
    }
}
