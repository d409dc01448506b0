package io.gatehouse.shared.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/** Read/write of every spec kind but role (RoleSpecCodec), dispatched by kind. */
final class SpecCodecs {
    private SpecCodecs() {
    }

    static Spec read(Kind kind, Node node, NodeReader r) {
        return switch (kind) {
            case ROLE -> RoleSpecCodec.read(node, r);
            case USER -> user(node, r);
            case TOKEN -> token(node, r);
            case NODE -> node(node, r);
            case CERT_AUTHORITY -> ca(node, r);
            case OIDC_CONNECTOR -> OidcConnectorCodec.read(node, r);
            case DESKTOP -> desktop(node, r);
            case DB -> db(node, r);
            case APP -> app(node, r);
        };
    }

    static Map<String, Object> write(Spec spec) {
        return switch (spec) {
            case RoleSpec role -> RoleSpecCodec.write(role);
            case UserSpec u -> ordered("roles", u.roles(), "traits", new TreeMap<>(u.traits()), "connector",
                    u.connector());
            case TokenSpec t -> {
                Map<String, Object> m = ordered("roles", t.roles(), "uses", t.uses());
                t.maxUses().ifPresent(n -> m.put("max_uses", n));
                if (!t.names().isEmpty()) {
                    m.put("names", t.names());
                }
                if (!t.addr().isEmpty()) {
                    m.put("addr", t.addr());
                }
                yield m;
            }
            case NodeSpec n -> {
                Map<String, Object> m = ordered("hostname", n.hostname(), "addr", n.addr(), "host_id", n.hostId());
                if (!n.cmdLabels().isEmpty()) {
                    Map<String, Object> labels = new TreeMap<>();
                    n.cmdLabels().forEach((k, v) -> labels.put(k, ordered("command", v.command(), "period",
                            Durations.format(v.period()), "result", v.result())));
                    m.put("cmd_labels", labels);
                }
                yield m;
            }
            case OidcConnectorSpec o -> OidcConnectorCodec.write(o);
            case DesktopSpec d -> ordered("addr", d.addr(), "host_id", d.hostId());
            case DbSpec d -> d.loginUser().isEmpty() ? ordered("protocol", d.protocol(), "uri", d.uri(), "host_id", d.hostId())
                    : ordered("protocol", d.protocol(), "uri", d.uri(), "host_id", d.hostId(), "login_user", d.loginUser());
            case AppSpec a -> {
                Map<String, Object> m = ordered("uri", a.uri());
                if (!a.publicAddr().isEmpty()) {
                    m.put("public_addr", a.publicAddr());
                }
                m.put("host_id", a.hostId());
                yield m;
            }
            case CertAuthoritySpec c -> {
                Map<String, Object> m = ordered("type", c.type(), "cluster_name", c.clusterName(), "ssh_public_keys",
                        c.sshPublicKeys(), "tls_certificates", c.tlsCertificates());
                c.jwtPublicKey().ifPresent(k -> m.put("jwt_public_key", k));
                yield m;
            }
        };
    }

    private static UserSpec user(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("roles", "traits", "connector"));
        return new UserSpec(r.strings(m.get("roles"), "spec.roles"), r.traits(m.get("traits"), "spec.traits"),
                r.string(m.get("connector"), "spec.connector").orElse("local"));
    }

    private static TokenSpec token(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("roles", "max_uses", "uses", "names", "addr"));
        List<String> roles = r.strings(m.get("roles"), "spec.roles");
        if (roles.isEmpty()) {
            r.problem("spec.roles", node, "a token needs at least one system role");
        }
        return new TokenSpec(roles, r.integer(m.get("max_uses"), "spec.max_uses"),
                r.integer(m.get("uses"), "spec.uses").orElse(0), r.strings(m.get("names"), "spec.names"),
                r.string(m.get("addr"), "spec.addr").orElse(""));
    }

    private static NodeSpec node(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("hostname", "addr", "host_id", "cmd_labels"));
        Map<String, CommandLabel> labels = new LinkedHashMap<>();
        r.mapping(m.get("cmd_labels"), "spec.cmd_labels", null).forEach((name, value) -> {
            String f = "spec.cmd_labels." + name;
            Map<String, Node> c = r.mapping(value, f, Set.of("command", "period", "result"));
            List<String> command = r.strings(c.get("command"), f + ".command");
            if (command.isEmpty()) {
                r.problem(f + ".command", value, "a command label needs a command, e.g. [uname, -r]");
            }
            labels.put(name, new CommandLabel(command, r.duration(c.get("period"), f + ".period")
                    .orElse(java.time.Duration.ofMinutes(1)), r.string(c.get("result"), f + ".result").orElse("")));
        });
        return new NodeSpec(r.string(m.get("hostname"), "spec.hostname").orElse(""),
                r.string(m.get("addr"), "spec.addr").orElse(""), r.string(m.get("host_id"), "spec.host_id").orElse(""),
                labels);
    }

    private static DesktopSpec desktop(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("addr", "host_id"));
        return new DesktopSpec(r.string(m.get("addr"), "spec.addr").orElse(""),
                r.string(m.get("host_id"), "spec.host_id").orElse(""));
    }

    private static DbSpec db(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("protocol", "uri", "host_id", "login_user"));
        String protocol = r.string(m.get("protocol"), "spec.protocol").orElse("");
        if (!DbSpec.knownProtocol(protocol)) {
            r.problem("spec.protocol", node, "a database's protocol is postgres or mysql (MariaDB speaks mysql)");
        }
        return new DbSpec(protocol, r.string(m.get("uri"), "spec.uri").orElse(""),
                r.string(m.get("host_id"), "spec.host_id").orElse(""),
                r.string(m.get("login_user"), "spec.login_user").orElse(""));
    }

    private static AppSpec app(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("uri", "public_addr", "host_id"));
        String uri = r.string(m.get("uri"), "spec.uri").orElse("");
        AppSpec.uriProblem(uri).ifPresent(p -> r.problem("spec.uri", node, p));
        String publicAddr = r.string(m.get("public_addr"), "spec.public_addr").orElse("");
        AppSpec.publicAddrProblem(publicAddr).ifPresent(p -> r.problem("spec.public_addr", node, p));
        return new AppSpec(uri, publicAddr, r.string(m.get("host_id"), "spec.host_id").orElse(""));
    }

    private static CertAuthoritySpec ca(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("type", "cluster_name", "ssh_public_keys",
                "tls_certificates", "jwt_public_key"));
        return new CertAuthoritySpec(r.string(m.get("type"), "spec.type").orElse(""),
                r.string(m.get("cluster_name"), "spec.cluster_name").orElse(""),
                r.strings(m.get("ssh_public_keys"), "spec.ssh_public_keys"),
                r.strings(m.get("tls_certificates"), "spec.tls_certificates"),
                r.string(m.get("jwt_public_key"), "spec.jwt_public_key"));
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
