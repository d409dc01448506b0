package io.gatehouse.proxy.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceQueryTest {
    private static final Set<String> KINDS = Set.of("node", "desktop");

    private static ResourceQuery valid(Map<String, List<String>> params) {
        return assertInstanceOf(ResourceQuery.Valid.class, ResourceQuery.parse(params, KINDS)).query();
    }

    private static String invalid(Map<String, List<String>> params) {
        return assertInstanceOf(ResourceQuery.Invalid.class, ResourceQuery.parse(params, KINDS)).message();
    }

    @Test
    void noParametersListEveryKindByNameFromTheFirstPage() {
        ResourceQuery q = valid(Map.of());
        assertEquals(Set.of(), q.kinds());
        assertEquals(ResourceQuery.Sort.DEFAULT, q.sort());
        assertEquals(ResourceQuery.DEFAULT_LIMIT, q.limit());
        assertEquals(Optional.empty(), q.start());
    }

    @Test
    void kindsComeRepeatedOrCommaSeparatedAndBlanksAreIgnored() {
        assertEquals(Set.of("node", "desktop"), valid(Map.of("kind", List.of("node", "desktop"))).kinds());
        assertEquals(Set.of("node", "desktop"), valid(Map.of("kind", List.of("node, desktop"))).kinds());
        assertEquals(Set.of(), valid(Map.of("kind", List.of(""))).kinds());
    }

    @Test
    void anUnknownKindIsRefusedNamingTheKindsThereAre() {
        String message = invalid(Map.of("kind", List.of("node,databse")));
        assertEquals("unknown resource kind 'databse': this proxy lists desktop, node (or leave kind out for all of "
                + "them)", message);
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() {
        assertTrue(invalid(Map.of("label", List.of("env=prod"))).startsWith("unknown query parameter 'label'"));
    }

    @Test
    void searchIsSplitIntoLowerCaseWords() {
        assertEquals(List.of("web", "env=prod"), valid(Map.of("search", List.of("  WEB   env=Prod "))).keywords());
        assertTrue(invalid(Map.of("search", List.of("x".repeat(300)))).contains("at most 256"));
    }

    @Test
    void labelsAreOneKeyValuePerParameterAndMayHoldCommasAndEquals() {
        assertEquals(Map.of("env", "prod", "team", "a,b=c"), valid(Map.of("labels", List.of("env=prod", "team=a,b=c")))
                .labels());
        assertTrue(invalid(Map.of("labels", List.of("env"))).contains("is not key=value"));
        assertTrue(invalid(Map.of("labels", List.of("=prod"))).contains("is not key=value"));
        assertTrue(invalid(Map.of("labels", List.of("env=prod", "env=dev"))).contains("can never both match"));
    }

    @Test
    void sortTakesNameOrKindEitherWayRound() {
        assertEquals(new ResourceQuery.Sort(ResourceQuery.Sort.Field.KIND, true), valid(Map.of("sort",
                List.of("kind:desc"))).sort());
        assertEquals(new ResourceQuery.Sort(ResourceQuery.Sort.Field.NAME, false), valid(Map.of("sort",
                List.of("name:asc"))).sort());
        assertTrue(invalid(Map.of("sort", List.of("labels"))).startsWith("cannot sort by 'labels'"));
        assertTrue(invalid(Map.of("sort", List.of("name:up"))).contains("is not name or kind"));
    }

    @Test
    void limitIsANumberFromOneToTheMaximum() {
        assertEquals(5, valid(Map.of("limit", List.of("5"))).limit());
        assertEquals(ResourceQuery.MAX_LIMIT, valid(Map.of("limit", List.of("1000"))).limit());
        for (String bad : List.of("0", "1001", "-1", "ten", "99999999999")) {
            assertEquals("limit '" + bad + "' is not a number from 1 to 1000", invalid(Map.of("limit", List.of(bad))));
        }
    }

    @Test
    void aStartKeyIsKindSlashName() {
        assertEquals(Optional.of(new ResourceKey("node", "web-1")), valid(Map.of("start_key", List.of("node/web-1")))
                .start());
        assertTrue(invalid(Map.of("start_key", List.of("../../etc"))).contains("is not a next_key"));
    }

    @Test
    void aSingleValuedParameterGivenTwiceIsRefused() {
        assertEquals("'limit' is given 2 times; give it once", invalid(Map.of("limit", List.of("1", "2"))));
    }

    @Test
    void controlCharactersInEchoedInputAreNeutralised() {
        String message = invalid(Map.of("kind", List.of("x\r\ny")));
        assertTrue(message.contains("'x??y'"), message);
    }
}
