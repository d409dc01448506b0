package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {
    @Test
    void wildcardSelectorMatchesEverythingEvenNoLabels() {
        assertTrue(LabelMatcher.matches(Map.of("*", List.of("*")), Map.of()));
        assertTrue(LabelMatcher.matches(Map.of("*", List.of("*")), Map.of("env", "prod")));
    }

    @Test
    void anEmptySelectorMatchesNothing() {
        assertFalse(LabelMatcher.matches(Map.of(), Map.of("env", "prod")));
    }

    @Test
    void everySelectorKeyMustBePresentAndMatch() {
        var selector = Map.of("env", List.of("staging", "dev"), "team", List.of("*"));
        assertTrue(LabelMatcher.matches(selector, Map.of("env", "dev", "team", "x")));
        assertFalse(LabelMatcher.matches(selector, Map.of("env", "dev")), "missing key");
        assertFalse(LabelMatcher.matches(selector, Map.of("env", "prod", "team", "x")), "value not listed");
    }

    @Test
    void globsAndRegexesMatchWholeValues() {
        assertTrue(LabelMatcher.valueMatches("web-*", "web-1"));
        assertFalse(LabelMatcher.valueMatches("web-*", "xweb-1"));
        assertTrue(LabelMatcher.valueMatches("^web-[0-9]+$", "web-12"));
        assertFalse(LabelMatcher.valueMatches("^web-[0-9]+$", "web-a"));
        assertFalse(LabelMatcher.valueMatches("a.c", "abc"), "a glob's dot is literal");
        assertTrue(LabelMatcher.valueMatches("prod", "prod"));
        assertFalse(LabelMatcher.valueMatches("prod", "production"));
    }
}
