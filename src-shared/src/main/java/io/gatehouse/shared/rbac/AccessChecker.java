package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.RecordingMode;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Rule;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides what a set of roles allows. Deny by default: access needs one role whose allow side
 * matches both the resource's labels and the login/user asked for, and no role whose deny side
 * matches either (deny beats every allow, and a deny pattern — "*", a glob, a regex — denies
 * everything it matches). Templates are expanded once, at construction, trait values literally.
 * A checker built with {@link #refusing} (a role that could not be fetched) refuses everything.
 */
public final class AccessChecker {
    private record Expanded(String name, ExpandedConditions allow, ExpandedConditions deny, RoleSpec spec) {
    }

    private final List<Expanded> roles;
    private final Optional<String> refusal;

    private AccessChecker(List<Expanded> roles, Optional<String> refusal) {
        this.roles = roles;
        this.refusal = refusal;
    }

    public static AccessChecker of(List<Resource<RoleSpec>> roles, Traits traits) {
        return new AccessChecker(roles.stream().map(r -> new Expanded(r.name(), ExpandedConditions.of(r.spec()
                .allow(), traits), ExpandedConditions.of(r.spec().deny(), traits), r.spec())).toList(),
                Optional.empty());
    }

    /**
     * Roles that fail closed: a role named in the certificate could not be fetched (deleted, or
     * auth unreachable), so no decision can be trusted — every check is refused with
     * {@code reason}, rather than deciding with the set silently shrunk (a missing role may be the
     * one whose deny rule mattered).
     */
    public static AccessChecker refusing(String reason) {
        return new AccessChecker(List.of(), Optional.of(reason));
    }

    public static List<Resource<RoleSpec>> presetRoles() {
        return PresetRoles.all();
    }

    /** Why every check is refused, for a checker made by {@link #refusing}. */
    public Optional<String> refusal() {
        return refusal;
    }

    public Decision checkNode(String nodeName, Map<String, String> labels, String login) {
        return check("login '" + login + "' on node '" + nodeName + "'", c -> c.nodeLabels(), labels,
                c -> ExpandedConditions.named(c.logins(), login), c -> ExpandedConditions.denies(c.logins(), login));
    }

    public Decision checkDesktop(String name, Map<String, String> labels, String login) {
        return check("login '" + login + "' on desktop '" + name + "'", c -> c.desktopLabels(), labels,
                c -> ExpandedConditions.named(c.desktopLogins(), login),
                c -> ExpandedConditions.denies(c.desktopLogins(), login));
    }

    public Decision checkDatabase(String name, Map<String, String> labels, String dbUser, String dbName) {
        Predicate<ExpandedConditions> grants = c -> ExpandedConditions.grants(c.dbUsers(), dbUser)
                && ExpandedConditions.grants(c.dbNames(), dbName);
        Predicate<ExpandedConditions> denies = c -> ExpandedConditions.denies(c.dbUsers(), dbUser)
                || ExpandedConditions.denies(c.dbNames(), dbName);
        return check("database user '" + dbUser + "' and database '" + dbName + "' on '" + name + "'",
                c -> c.dbLabels(), labels, grants, denies);
    }

    public Decision checkApp(String name, Map<String, String> labels) {
        return check("app '" + name + "'", c -> c.appLabels(), labels, c -> true, c -> false);
    }

    public Decision checkKube(String name, Map<String, String> labels) {
        return check("Kubernetes cluster '" + name + "'", c -> c.kubeLabels(), labels, c -> true, c -> false);
    }

    /** Kinds that a rule must name to grant: "*" does not (it still denies them). */
    public static final Set<String> PRIVILEGED = Set.of("host_cert", "impersonate", "db_cert");

    public Decision checkResource(String kind, String verb) {
        if (refusal.isPresent()) {
            return Decision.deny(refusal.get());
        }
        Predicate<Rule> hits = r -> (r.resources().contains(kind) || r.resources().contains("*"))
                && (r.verbs().contains(verb) || r.verbs().contains("*"));
        for (Expanded r : roles) {
            if (r.deny().rules().stream().anyMatch(hits)) {
                return Decision.deny("role '" + r.name() + "' denies " + verb + " on " + kind);
            }
        }
        // Minting host certificates or certificates for someone else is granted only by a rule that
        // names it: a "*" written for everyday admin work must not hand out node identities.
        Predicate<Rule> grants = PRIVILEGED.contains(kind) ? r -> r.resources().contains(kind)
                && (r.verbs().contains(verb) || r.verbs().contains("*")) : hits;
        for (Expanded r : roles) {
            if (r.allow().rules().stream().anyMatch(grants)) {
                return Decision.allow("role '" + r.name() + "' allows " + verb + " on " + kind);
            }
        }
        return Decision.deny("no role of yours (" + roleNames() + ") allows " + verb + " on " + kind
                + (PRIVILEGED.contains(kind) ? " (it must be named in a rule: '*' does not grant it)" : ""));
    }

    /** Logins for certificate principals: every allowed login that no deny pattern matches. */
    public Set<String> allowedLogins() {
        return collect(ExpandedConditions::logins);
    }

    /** Desktop logins the roles name (deny removes): the candidates a login picker checks with checkDesktop. */
    public Set<String> allowedDesktopLogins() {
        return collect(ExpandedConditions::desktopLogins);
    }

    /** Database users the roles name (deny removes): the candidates a listing checks with checkDatabase. */
    public Set<String> allowedDbUsers() {
        return collect(ExpandedConditions::dbUsers);
    }

    /** Database names the roles name (deny removes), as patterns' texts ("*" included). */
    public Set<String> allowedDbNames() {
        return collect(ExpandedConditions::dbNames);
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
        return refusal.isPresent() || roles.stream().anyMatch(r -> r.spec().options().recordSession());
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
        return collect(ExpandedConditions::requestRoles);
    }

    public Set<String> reviewableRoles() {
        return collect(ExpandedConditions::reviewRoles);
    }

    public Set<String> kubeGroups() {
        return collect(ExpandedConditions::kubeGroups);
    }

    public Set<String> kubeUsers() {
        return collect(ExpandedConditions::kubeUsers);
    }

    public List<String> roleNames() {
        return roles.stream().map(Expanded::name).toList();
    }

    /** The allow side's values, minus every one a deny pattern matches ("*" removes them all). */
    private Set<String> collect(Function<ExpandedConditions, List<ValuePattern>> field) {
        Set<String> out = new LinkedHashSet<>();
        roles.forEach(r -> field.apply(r.allow()).forEach(p -> out.add(p.text())));
        roles.forEach(r -> out.removeIf(v -> ExpandedConditions.denies(field.apply(r.deny()), v)));
        return out;
    }

    private Decision check(String what, Function<ExpandedConditions, Map<String, List<ValuePattern>>> selector,
            Map<String, String> labels, Predicate<ExpandedConditions> grants, Predicate<ExpandedConditions> denies) {
        if (refusal.isPresent()) {
            return Decision.deny(refusal.get());
        }
        for (Expanded r : roles) {
            if (LabelMatcher.mayDeny(selector.apply(r.deny()), labels) || denies.test(r.deny())) {
                return Decision.deny("role '" + r.name() + "' denies " + what);
            }
        }
        for (Expanded r : roles) {
            if (LabelMatcher.grants(selector.apply(r.allow()), labels) && grants.test(r.allow())) {
                return Decision.allow("role '" + r.name() + "' allows " + what);
            }
        }
        return Decision.deny("no role allows " + what);
    }
}
