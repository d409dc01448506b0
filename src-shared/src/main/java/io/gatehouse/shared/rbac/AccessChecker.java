package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.RecordingMode;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleConditions;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Rule;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides what a set of roles allows. Deny by default: access needs one role whose allow side
 * matches both the resource's labels and the login/user asked for, and no role whose deny side
 * matches either (deny beats every allow). Templates are expanded once, at construction.
 */
public final class AccessChecker {
    private record Expanded(String name, RoleConditions allow, RoleConditions deny, RoleSpec spec) {
    }

    private final List<Expanded> roles;

    private AccessChecker(List<Expanded> roles) {
        this.roles = roles;
    }

    public static AccessChecker of(List<Resource<RoleSpec>> roles, Traits traits) {
        return new AccessChecker(roles.stream().map(r -> new Expanded(r.name(), expand(r.spec().allow(), traits),
                expand(r.spec().deny(), traits), r.spec())).toList());
    }

    public static List<Resource<RoleSpec>> presetRoles() {
        return PresetRoles.all();
    }

    public Decision checkNode(String nodeName, Map<String, String> labels, String login) {
        return check("login '" + login + "' on node '" + nodeName + "'", c -> LabelMatcher.matches(c.nodeLabels(),
                labels), c -> c.logins().contains(login), c -> c.logins().contains(login));
    }

    public Decision checkDesktop(String name, Map<String, String> labels, String login) {
        return check("login '" + login + "' on desktop '" + name + "'", c -> LabelMatcher.matches(c.desktopLabels(),
                labels), c -> c.desktopLogins().contains(login), c -> c.desktopLogins().contains(login));
    }

    public Decision checkDatabase(String name, Map<String, String> labels, String dbUser, String dbName) {
        Predicate<RoleConditions> grants = c -> matchesAny(c.dbUsers(), dbUser) && matchesAny(c.dbNames(), dbName);
        Predicate<RoleConditions> denies = c -> c.dbUsers().contains(dbUser) || c.dbNames().contains(dbName);
        return check("database user '" + dbUser + "' and database '" + dbName + "' on '" + name + "'",
                c -> LabelMatcher.matches(c.dbLabels(), labels), grants, denies);
    }

    public Decision checkApp(String name, Map<String, String> labels) {
        return check("app '" + name + "'", c -> LabelMatcher.matches(c.appLabels(), labels), c -> true, c -> false);
    }

    public Decision checkKube(String name, Map<String, String> labels) {
        return check("Kubernetes cluster '" + name + "'", c -> LabelMatcher.matches(c.kubeLabels(), labels),
                c -> true, c -> false);
    }

    public Decision checkResource(String kind, String verb) {
        Predicate<Rule> hits = r -> (r.resources().contains(kind) || r.resources().contains("*"))
                && (r.verbs().contains(verb) || r.verbs().contains("*"));
        for (Expanded r : roles) {
            if (r.deny().rules().stream().anyMatch(hits)) {
                return Decision.deny("role '" + r.name() + "' denies " + verb + " on " + kind);
            }
        }
        for (Expanded r : roles) {
            if (r.allow().rules().stream().anyMatch(hits)) {
                return Decision.allow("role '" + r.name() + "' allows " + verb + " on " + kind);
            }
        }
        return Decision.deny("no role of yours (" + roleNames() + ") allows " + verb + " on " + kind);
    }

    /** Logins for certificate principals: every allowed login not explicitly denied. */
    public Set<String> allowedLogins() {
        Set<String> out = new LinkedHashSet<>();
        roles.forEach(r -> out.addAll(r.allow().logins()));
        roles.forEach(r -> out.removeAll(r.deny().logins()));
        return out;
    }

    /** Desktop logins the roles name (deny removes): the candidates a login picker checks with checkDesktop. */
    public Set<String> allowedDesktopLogins() {
        Set<String> out = new LinkedHashSet<>();
        roles.forEach(r -> out.addAll(r.allow().desktopLogins()));
        roles.forEach(r -> out.removeAll(r.deny().desktopLogins()));
        return out;
    }

    public Duration maxSessionTtl() {
        return roles.stream().map(r -> r.spec().options().maxSessionTtl()).min(Duration::compareTo)
                .orElse(io.gatehouse.shared.resource.RoleOptions.DEFAULT_MAX_SESSION_TTL);
    }

    public Duration capTtl(Duration requested) {
        Duration max = maxSessionTtl();
        return requested.compareTo(max) > 0 ? max : requested;
    }

    /** Teleport semantics: any role that turns a permission off turns it off. */
    public boolean permitPortForwarding() {
        return !roles.isEmpty() && roles.stream().allMatch(r -> r.spec().options().permitPortForwarding());
    }

    /** Teleport: of conflicting options the least permissive wins, so one role with permit_pty: false denies PTYs. */
    public boolean permitPty() {
        return !roles.isEmpty() && roles.stream().allMatch(r -> r.spec().options().permitPty());
    }

    /** Recording is the stricter choice, so any role asking for it records the session. */
    public boolean recordSession() {
        return roles.stream().anyMatch(r -> r.spec().options().recordSession());
    }

    /**
     * Strict wins (Teleport's RFD 68: "the strictest mode takes precedence"): one role with
     * record_session strict makes every recorded SSH session of the user strict.
     */
    public RecordingMode recordingMode() {
        return strictRecordingRoles().isEmpty() ? RecordingMode.BEST_EFFORT : RecordingMode.STRICT;
    }

    /** The roles that make recording strict, to name them when a session is refused. */
    public List<String> strictRecordingRoles() {
        return roles.stream().filter(r -> r.spec().options().recordingMode() == RecordingMode.STRICT)
                .map(Expanded::name).toList();
    }

    public Set<String> requestableRoles() {
        return collect(c -> c.request().roles());
    }

    public Set<String> reviewableRoles() {
        return collect(c -> c.reviewRequests().roles());
    }

    public Set<String> kubeGroups() {
        return collect(RoleConditions::kubeGroups);
    }

    public Set<String> kubeUsers() {
        return collect(RoleConditions::kubeUsers);
    }

    public List<String> roleNames() {
        return roles.stream().map(Expanded::name).toList();
    }

    private Set<String> collect(Function<RoleConditions, List<String>> field) {
        Set<String> out = new LinkedHashSet<>();
        roles.forEach(r -> out.addAll(field.apply(r.allow())));
        roles.forEach(r -> field.apply(r.deny()).forEach(out::remove));
        return out;
    }

    private Decision check(String what, Predicate<RoleConditions> labels, Predicate<RoleConditions> grants,
            Predicate<RoleConditions> denies) {
        for (Expanded r : roles) {
            if (labels.test(r.deny()) || denies.test(r.deny())) {
                return Decision.deny("role '" + r.name() + "' denies " + what);
            }
        }
        for (Expanded r : roles) {
            if (labels.test(r.allow()) && grants.test(r.allow())) {
                return Decision.allow("role '" + r.name() + "' allows " + what);
            }
        }
        return Decision.deny("no role allows " + what);
    }

    private static boolean matchesAny(List<String> patterns, String value) {
        return patterns.stream().anyMatch(p -> LabelMatcher.valueMatches(p, value));
    }

    private static RoleConditions expand(RoleConditions c, Traits t) {
        return new RoleConditions(RoleTemplates.expand(c.logins(), t), RoleTemplates.expandLabels(c.nodeLabels(), t),
                RoleTemplates.expandLabels(c.desktopLabels(), t), RoleTemplates.expand(c.desktopLogins(), t),
                RoleTemplates.expandLabels(c.dbLabels(), t), RoleTemplates.expand(c.dbUsers(), t),
                RoleTemplates.expand(c.dbNames(), t), RoleTemplates.expandLabels(c.appLabels(), t),
                RoleTemplates.expandLabels(c.kubeLabels(), t), RoleTemplates.expand(c.kubeGroups(), t),
                RoleTemplates.expand(c.kubeUsers(), t), c.request(), c.reviewRequests(), c.rules());
    }
}
