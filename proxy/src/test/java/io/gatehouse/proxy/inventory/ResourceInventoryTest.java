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

    /** A kind that lists what it is given and counts how often it was asked. */
    private static final class FixedView implements ResourceView<Map<String, String>> {
        private final String kind;
        private final List<ListedResource<Map<String, String>>> listed;
        private final List<String> asked = new ArrayList<>();

        FixedView(String kind, List<ListedResource<Map<String, String>>> listed) {
            this.kind = kind;
            this.listed = listed;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public List<ListedResource<Map<String, String>>> visibleTo(UserIdentity user, AccessChecker roles) {
            asked.add(user.username());
            return listed;
        }
    }

    private static ListedResource<Map<String, String>> item(String kind, String name, List<String> logins) {
        return new ListedResource<>(kind, name, Map.of(), true, logins, Map.of());
    }

    @Test
    void anEntryWithoutALoginIsNeverListedWhateverItsKindSays() {
        var nodes = new FixedView("node", List.of(item("node", "ok", List.of("root")), item("node", "none", List.of())));
        var listed = new ResourceInventory(List.of(nodes)).visibleTo(ALICE, ROLES, Set.of());
        assertEquals(List.of("ok"), listed.stream().map(ListedResource::name).toList());
    }

    @Test
    void anEntryUnderAnotherKindsNameIsDropped() {
        var nodes = new FixedView("node", List.of(item("desktop", "smuggled", List.of("root"))));
        var desktops = new FixedView("desktop", List.of());
        assertTrue(new ResourceInventory(List.of(nodes, desktops)).visibleTo(ALICE, ROLES, Set.of("desktop"))
                .isEmpty());
        assertTrue(new ResourceInventory(List.of(nodes, desktops)).visibleTo(ALICE, ROLES, Set.of()).isEmpty());
    }

    @Test
    void onlyTheKindsAskedForAreListed() {
        var nodes = new FixedView("node", List.of(item("node", "n", List.of("root"))));
        var desktops = new FixedView("desktop", List.of(item("desktop", "d", List.of("alice"))));
        var inventory = new ResourceInventory(List.of(nodes, desktops));
        assertEquals(List.of("d"), inventory.visibleTo(ALICE, ROLES, Set.of("desktop")).stream()
                .map(ListedResource::name).toList());
        assertEquals(List.of(), nodes.asked, "the node directory was not even asked");
        assertEquals(Set.of("desktop", "node"), inventory.kinds());
    }

    @Test
    void rolesThatCouldNotBeReadListNothing() {
        var nodes = new FixedView("node", List.of(item("node", "n", List.of("root"))));
        var refusing = AccessChecker.refusing("role 'access' of alice could not be fetched");
        assertTrue(new ResourceInventory(List.of(nodes)).visibleTo(ALICE, refusing, Set.of()).isEmpty());
    }

    @Test
    void twoViewsForOneKindStopTheProxyAtStart() {
        var e = assertThrows(IllegalStateException.class, () -> new ResourceInventory(List.of(new FixedView("node",
                List.of()), new FixedView("node", List.of()))));
        assertTrue(e.getMessage().contains("two listings claim the kind 'node'"), e.getMessage());
    }
}
