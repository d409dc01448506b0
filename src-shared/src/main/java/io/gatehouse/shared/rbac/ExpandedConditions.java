package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.RoleConditions;
import io.gatehouse.shared.resource.Rule;
import java.util.List;
import java.util.Map;

/** One side of a role with its templates expanded: every value a {@link ValuePattern}. */
record ExpandedConditions(List<ValuePattern> logins, Map<String, List<ValuePattern>> nodeLabels,
        Map<String, List<ValuePattern>> desktopLabels, List<ValuePattern> desktopLogins,
        Map<String, List<ValuePattern>> dbLabels, List<ValuePattern> dbUsers, List<ValuePattern> dbNames,
        Map<String, List<ValuePattern>> appLabels, Map<String, List<ValuePattern>> kubeLabels,
        List<ValuePattern> kubeGroups, List<ValuePattern> kubeUsers, List<ValuePattern> requestRoles,
        List<ValuePattern> reviewRoles, List<Rule> rules) {

    static ExpandedConditions of(RoleConditions c, Traits t) {
        return new ExpandedConditions(RoleTemplates.patterns(c.logins(), t),
                RoleTemplates.expandLabels(c.nodeLabels(), t), RoleTemplates.expandLabels(c.desktopLabels(), t),
                RoleTemplates.patterns(c.desktopLogins(), t), RoleTemplates.expandLabels(c.dbLabels(), t),
                RoleTemplates.patterns(c.dbUsers(), t), RoleTemplates.patterns(c.dbNames(), t),
                RoleTemplates.expandLabels(c.appLabels(), t), RoleTemplates.expandLabels(c.kubeLabels(), t),
                RoleTemplates.patterns(c.kubeGroups(), t), RoleTemplates.patterns(c.kubeUsers(), t),
                RoleTemplates.patterns(c.request().roles(), t), RoleTemplates.patterns(c.reviewRequests().roles(), t),
                c.rules());
    }

    /** Allow side: the exact texts (logins are never patterns in a grant: they become principals). */
    static boolean named(List<ValuePattern> values, String value) {
        return values.stream().anyMatch(p -> p.text().equals(value));
    }

    /** Allow side: some pattern certainly matches. */
    static boolean grants(List<ValuePattern> patterns, String value) {
        return patterns.stream().anyMatch(p -> p.matches(value));
    }

    /** Deny side: some pattern may match ("*", a glob, a regex: everything it matches is denied). */
    static boolean denies(List<ValuePattern> patterns, String value) {
        return patterns.stream().anyMatch(p -> p.mayMatch(value));
    }
}
