package io.gatehouse.proxy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceInventoryTest {
    private static final UserIdentity ALICE = new UserIdentity("alice", List.of("access"), Map.of(), List.of("alice"),
            Instant.now(), Instant.now().plusSeconds(3600), Map.of(), false, true, Optional.empty());
    private static final AccessChecker ROLES = AccessChecker.of(List.of(), Traits.EMPTY);

    /** A kind whose resources and logins are given, and which counts how often it was asked. */
    private static final class FixedView implements ResourceView<Map<String, String>> {
        private final String kind;
        private final Map<String, List<String>> loginsByName;
        private final List<String> asked = new ArrayList<>();

        FixedView(String kind, Map<String, List<String>> loginsByName) {
            this.kind = kind;
            this.loginsByName = new java.util.TreeMap<>(loginsByName);
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public List<Candidate<Map<String, String>>> all() {
            asked.add("all");
            return loginsByName.keySet().stream().map(n -> new Candidate<Map<String, String>>(n, Map.of(), true,
                    Map.of())).toList();
        }

        @Override
        public List<String> logins(Candidate<Map<String, String>> resource, UserIdentity user, AccessChecker roles) {
            return loginsByName.get(resource.name());
        }
    }

    @Test
    void aResourceWithoutALoginIsNeverListed() {
        var nodes = new FixedView("node", Map.of("ok", List.of("root"), "none", List.of()));
        var listed = new ResourceInventory(List.of(nodes)).visibleTo(ALICE, ROLES, Set.of());
        assertEquals(List.of("ok"), listed.stream().map(ListedResource::name).toList());
        assertEquals(List.of("root"), listed.get(0).logins());
    }

    @Test
    void everyResourceIsListedUnderItsViewsKind() {
        var inventory = new ResourceInventory(List.of(new FixedView("node", Map.of("n", List.of("root"))),
                new FixedView("desktop", Map.of("d", List.of("alice")))));
        assertEquals(List.of("desktop/d", "node/n"), inventory.visibleTo(ALICE, ROLES, Set.of()).stream()
                .map(r -> r.kind() + "/" + r.name()).toList());
    }

    @Test
    void onlyTheKindsAskedForAreListed() {
        var nodes = new FixedView("node", Map.of("n", List.of("root")));
        var desktops = new FixedView("desktop", Map.of("d", List.of("alice")));
        var inventory = new ResourceInventory(List.of(nodes, desktops));
        assertEquals(List.of("d"), inventory.visibleTo(ALICE, ROLES, Set.of("desktop")).stream()
                .map(ListedResource::name).toList());
        assertEquals(List.of(), nodes.asked, "the node directory was not even asked");
        assertEquals(Set.of("desktop", "node"), inventory.kinds());
    }

    @Test
    void rolesThatCouldNotBeReadListNothing() {
        var nodes = new FixedView("node", Map.of("n", List.of("root")));
        var refusing = AccessChecker.refusing("role 'access' of alice could not be fetched");
        assertTrue(new ResourceInventory(List.of(nodes)).visibleTo(ALICE, refusing, Set.of()).isEmpty());
    }

    @Test
    void twoViewsForOneKindStopTheProxyAtStart() {
        var e = assertThrows(IllegalStateException.class, () -> new ResourceInventory(List.of(new FixedView("node",
                Map.of()), new FixedView("node", Map.of()))));
        assertTrue(e.getMessage().contains("two listings claim the kind 'node'"), e.getMessage());
    }
}
