package io.gatehouse.shared.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads and writes the spec of kind role; the YAML keys are Teleport's. */
final class RoleSpecCodec {
    private static final Set<String> SPEC = Set.of("allow", "deny", "options");
    private static final Set<String> CONDITIONS = Set.of("logins", "node_labels", "desktop_labels", "desktop_logins",
            "db_labels", "db_users", "db_names", "app_labels", "kube_labels", "kube_groups", "kube_users", "request",
            "review_requests", "rules");
    private static final Set<String> OPTIONS = Set.of("max_session_ttl", "record_session", "port_forwarding",
            "forward_agent", "x11_forwarding", "permit_pty");
    private static final Set<String> RECORDING_MODES = Set.of("default", "ssh");

    private RoleSpecCodec() {
    }

    static RoleSpec read(Node node, NodeReader r) {
        Map<String, Node> spec = r.mapping(node, "spec", SPEC);
        return new RoleSpec(conditions(spec.get("allow"), "spec.allow", r),
                conditions(spec.get("deny"), "spec.deny", r), options(spec.get("options"), "spec.options", r));
    }

    private static RoleConditions conditions(Node node, String f, NodeReader r) {
        Map<String, Node> m = r.mapping(node, f, CONDITIONS);
        return new RoleConditions(r.templated(m.get("logins"), f + ".logins"),
                r.selector(m.get("node_labels"), f + ".node_labels"),
                r.selector(m.get("desktop_labels"), f + ".desktop_labels"),
                r.templated(m.get("desktop_logins"), f + ".desktop_logins"),
                r.selector(m.get("db_labels"), f + ".db_labels"), r.templated(m.get("db_users"), f + ".db_users"),
                r.templated(m.get("db_names"), f + ".db_names"), r.selector(m.get("app_labels"), f + ".app_labels"),
                r.selector(m.get("kube_labels"), f + ".kube_labels"),
                r.templated(m.get("kube_groups"), f + ".kube_groups"),
                r.templated(m.get("kube_users"), f + ".kube_users"), request(m.get("request"), f + ".request", r),
                new ReviewConditions(r.strings(r.mapping(m.get("review_requests"), f + ".review_requests",
                        Set.of("roles")).get("roles"), f + ".review_requests.roles")),
                rules(m.get("rules"), f + ".rules", r));
    }

    private static AccessRequestConditions request(Node node, String f, NodeReader r) {
        Map<String, Node> m = r.mapping(node, f, Set.of("roles", "thresholds", "max_duration"));
        List<Threshold> thresholds = new ArrayList<>();
        if (m.get("thresholds") instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                String tf = f + ".thresholds[" + i + "]";
                Map<String, Node> t = r.mapping(seq.getValue().get(i), tf, Set.of("approve", "deny"));
                int approve = r.integer(t.get("approve"), tf + ".approve").orElse(1);
                int deny = r.integer(t.get("deny"), tf + ".deny").orElse(1);
                if (approve < 1 || deny < 1) {
                    r.problem(tf, seq.getValue().get(i), "approve and deny must be at least 1");
                }
                thresholds.add(new Threshold(approve, deny));
            }
        } else if (m.containsKey("thresholds") && !NodeReader.isNull(m.get("thresholds"))) {
            r.problem(f + ".thresholds", m.get("thresholds"), "expected a list like [{approve: 1, deny: 1}]");
        }
        return new AccessRequestConditions(r.strings(m.get("roles"), f + ".roles"), thresholds,
                r.duration(m.get("max_duration"), f + ".max_duration"));
    }

    private static List<Rule> rules(Node node, String f, NodeReader r) {
        List<Rule> out = new ArrayList<>();
        if (node == null || NodeReader.isNull(node)) {
            return out;
        }
        if (!(node instanceof SequenceNode seq)) {
            r.problem(f, node, "expected a list like [{resources: [role], verbs: [list, read]}]");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String rf = f + "[" + i + "]";
            Map<String, Node> m = r.mapping(seq.getValue().get(i), rf, Set.of("resources", "verbs"));
            List<String> verbs = r.strings(m.get("verbs"), rf + ".verbs");
            verbs.stream().filter(v -> !Rule.VERBS.contains(v)).forEach(v -> r.problem(rf + ".verbs", m.get("verbs"),
                    "unknown verb '" + v + "'; allowed: " + Rule.VERBS));
            out.add(new Rule(r.strings(m.get("resources"), rf + ".resources"), verbs));
        }
        return out;
    }

    private static RoleOptions options(Node node, String f, NodeReader r) {
        Map<String, Node> m = r.mapping(node, f, OPTIONS);
        RoleOptions d = RoleOptions.defaults();
        Duration ttl = r.duration(m.get("max_session_ttl"), f + ".max_session_ttl").orElse(d.maxSessionTtl());
        if (ttl.isZero() || ttl.isNegative()) {
            r.problem(f + ".max_session_ttl", m.get("max_session_ttl"), "max_session_ttl must be positive");
        } else if (ttl.compareTo(RoleOptions.LIMIT_MAX_SESSION_TTL) > 0) {
            r.problem(f + ".max_session_ttl", m.get("max_session_ttl"), "max_session_ttl " + Durations.format(ttl)
                    + " is over-long: at most " + Durations.format(RoleOptions.LIMIT_MAX_SESSION_TTL) + " (30 days)");
        }
        Node recording = m.get("record_session");
        boolean record = recording instanceof MappingNode
                || r.bool(recording, f + ".record_session").orElse(d.recordSession());
        return new RoleOptions(ttl, record,
                r.bool(m.get("port_forwarding"), f + ".port_forwarding").orElse(d.permitPortForwarding()),
                r.bool(m.get("forward_agent"), f + ".forward_agent").orElse(d.permitAgentForwarding()),
                r.bool(m.get("x11_forwarding"), f + ".x11_forwarding").orElse(d.permitX11Forwarding()),
                r.bool(m.get("permit_pty"), f + ".permit_pty").orElse(d.permitPty()),
                recordingMode(recording, f + ".record_session", r));
    }

    /**
     * record_session is either a boolean (record or not, best effort) or Teleport's mapping of
     * modes, {default: best_effort|strict, ssh: best_effort|strict}, which records; ssh, when given,
     * overrides default for SSH sessions, the only sessions with modes so far.
     */
    private static RecordingMode recordingMode(Node node, String f, NodeReader r) {
        if (!(node instanceof MappingNode)) {
            return RecordingMode.BEST_EFFORT;
        }
        Map<String, Node> m = r.mapping(node, f, RECORDING_MODES);
        RecordingMode byDefault = mode(m.get("default"), f + ".default", r).orElse(RecordingMode.BEST_EFFORT);
        return mode(m.get("ssh"), f + ".ssh", r).orElse(byDefault);
    }

    private static Optional<RecordingMode> mode(Node node, String f, NodeReader r) {
        return r.string(node, f).flatMap(text -> {
            Optional<RecordingMode> mode = RecordingMode.fromId(text);
            if (mode.isEmpty()) {
                r.problem(f, node, "expected best_effort or strict, got '" + text + "' (strict refuses a session "
                        + "whose recording cannot be written; best_effort runs it unrecorded and audits that)");
            }
            return mode;
        });
    }

    static Map<String, Object> write(RoleSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allow", write(spec.allow()));
        out.put("deny", write(spec.deny()));
        RoleOptions o = spec.options();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("max_session_ttl", Durations.format(o.maxSessionTtl()));
        // The boolean form unless a mode must be said, so roles written before modes read back alike.
        options.put("record_session", o.recordingMode() == RecordingMode.BEST_EFFORT ? o.recordSession()
                : SpecCodecs.ordered("ssh", o.recordingMode().id()));
        options.put("port_forwarding", o.permitPortForwarding());
        options.put("forward_agent", o.permitAgentForwarding());
        options.put("x11_forwarding", o.permitX11Forwarding());
        options.put("permit_pty", o.permitPty());
        out.put("options", options);
        return out;
    }

    private static Map<String, Object> write(RoleConditions c) {
        Map<String, Object> out = new LinkedHashMap<>();
        putList(out, "logins", c.logins());
        putMap(out, "node_labels", c.nodeLabels());
        putMap(out, "desktop_labels", c.desktopLabels());
        putList(out, "desktop_logins", c.desktopLogins());
        putMap(out, "db_labels", c.dbLabels());
        putList(out, "db_users", c.dbUsers());
        putList(out, "db_names", c.dbNames());
        putMap(out, "app_labels", c.appLabels());
        putMap(out, "kube_labels", c.kubeLabels());
        putList(out, "kube_groups", c.kubeGroups());
        putList(out, "kube_users", c.kubeUsers());
        AccessRequestConditions rq = c.request();
        if (!rq.roles().isEmpty() || !rq.thresholds().isEmpty() || rq.maxDuration().isPresent()) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("roles", rq.roles());
            if (!rq.thresholds().isEmpty()) {
                req.put("thresholds", rq.thresholds().stream().map(t -> SpecCodecs.ordered("approve", t.approve(),
                        "deny", t.deny())).toList());
            }
            rq.maxDuration().ifPresent(d -> req.put("max_duration", Durations.format(d)));
            out.put("request", req);
        }
        if (!c.reviewRequests().roles().isEmpty()) {
            out.put("review_requests", SpecCodecs.ordered("roles", c.reviewRequests().roles()));
        }
        if (!c.rules().isEmpty()) {
            // Ordered maps: Map.of iterates in a per-JVM random order, and output must be stable.
            out.put("rules", c.rules().stream().map(r -> SpecCodecs.ordered("resources", r.resources(), "verbs",
                    r.verbs())).toList());
        }
        return out;
    }

    private static void putList(Map<String, Object> out, String key, List<String> v) {
        if (!v.isEmpty()) {
            out.put(key, v);
        }
    }

    private static void putMap(Map<String, Object> out, String key, Map<String, List<String>> v) {
        if (!v.isEmpty()) {
            out.put(key, new java.util.TreeMap<>(v));
        }
    }
}
