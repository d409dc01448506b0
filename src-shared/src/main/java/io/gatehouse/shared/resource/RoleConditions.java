package io.gatehouse.shared.resource;

import java.util.List;
import java.util.Map;

/** One side (allow or deny) of a role. Collections are never null. */
public record RoleConditions(List<String> logins, Map<String, List<String>> nodeLabels,
        Map<String, List<String>> desktopLabels, List<String> desktopLogins, Map<String, List<String>> dbLabels,
        List<String> dbUsers, List<String> dbNames, Map<String, List<String>> appLabels,
        Map<String, List<String>> kubeLabels, List<String> kubeGroups, List<String> kubeUsers,
        AccessRequestConditions request, ReviewConditions reviewRequests, List<Rule> rules) {
    public RoleConditions {
        logins = List.copyOf(logins);
        nodeLabels = Map.copyOf(nodeLabels);
        desktopLabels = Map.copyOf(desktopLabels);
        desktopLogins = List.copyOf(desktopLogins);
        dbLabels = Map.copyOf(dbLabels);
        dbUsers = List.copyOf(dbUsers);
        dbNames = List.copyOf(dbNames);
        appLabels = Map.copyOf(appLabels);
        kubeLabels = Map.copyOf(kubeLabels);
        kubeGroups = List.copyOf(kubeGroups);
        kubeUsers = List.copyOf(kubeUsers);
        request = request == null ? AccessRequestConditions.NONE : request;
        reviewRequests = reviewRequests == null ? new ReviewConditions(List.of()) : reviewRequests;
        rules = List.copyOf(rules);
    }

    public static RoleConditions empty() {
        return new RoleConditions(List.of(), Map.of(), Map.of(), List.of(), Map.of(), List.of(), List.of(), Map.of(),
                Map.of(), List.of(), List.of(), AccessRequestConditions.NONE, new ReviewConditions(List.of()),
                List.of());
    }

    public RoleConditions withRules(List<Rule> v) {
        return new RoleConditions(logins, nodeLabels, desktopLabels, desktopLogins, dbLabels, dbUsers, dbNames,
                appLabels, kubeLabels, kubeGroups, kubeUsers, request, reviewRequests, v);
    }

}
